using Autofac;
using Autofac.Extras.DynamicProxy;
using SharedCall.Interception.Autofac;

namespace SharedCall.Tests.AutofacExtras;

[Intercept(typeof(CountingInterceptor))]
public class LoggedShapes(Gate gate) : Shapes(gate);

/// <summary>
/// A file that imports both namespaces, as a team that uses Extras for its own interceptors does: a plain
/// <c>EnableInterfaceInterceptors()</c> binds to ours, which must apply the registration's interceptors too.
/// </summary>
public class BothNamespacesTests
{
    [Test]
    public async Task A_logging_interceptor_sees_all_100_calls_and_the_target_runs_once()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(CountingInterceptor));
        var outcome = await Callers.ThroughContainerAsync(builder, gate, p => p.TaskOfT(1));

        Assert.That((outcome.Results, outcome.Logged, outcome.Executions), Is.EqualTo((new[] { 10 }, Callers.Count, 1)));
    }

    [Test]
    public async Task An_open_generic_registration_gets_the_users_interceptors_and_coalescing()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterGeneric(typeof(GenericRepo<>)).As(typeof(IGenericRepo<>)).EnableInterfaceInterceptors().InterceptedBy(typeof(CountingInterceptor));
        await using var container = builder.Build();
        var proxy = container.Resolve<IGenericRepo<long>>();

        var results = await Callers.RunAsync(container.Resolve<Coalescer>(), gate, () => proxy.FindAsync(8));

        Assert.That(
            (results.Distinct(), container.Resolve<CountingInterceptor>().Calls, gate.Executions),
            Is.EqualTo((new[] { 8L }, Callers.Count, 1)));
    }

    [Test]
    public void Unmarked_methods_reach_the_users_interceptors_too()
    {
        var builder = Containers.NewBuilder(new Gate());
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(CountingInterceptor));
        using var container = builder.Build();

        var plain = container.Resolve<IShapes>().Plain(3);

        Assert.That((plain, container.Resolve<Journal>().Entries), Is.EqualTo((3, new[] { "logging:Plain" })));
    }

    [Test]
    public async Task Interceptors_run_in_their_order_outside_coalescing()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors()
            .InterceptedBy(typeof(AuthorizingInterceptor), typeof(CountingInterceptor));
        await using var container = builder.Build();

        var proxy = container.Resolve<IShapes>();
        await Callers.RunAsync(container.Resolve<Coalescer>(), gate, () => proxy.TaskOfT(1));

        var entries = container.Resolve<Journal>().Entries;
        Assert.That(
            (entries.Count, entries.Take(2), gate.Executions),
            Is.EqualTo((2 * Callers.Count, new[] { "authorization:TaskOfT", "logging:TaskOfT" }, 1)));
    }

    [Test]
    public async Task InterceptedBy_name_and_Intercept_attributes_are_applied()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.Register(c => c.Resolve<AuthorizingInterceptor>()).Named<Castle.DynamicProxy.IInterceptor>("authorization");
        builder.RegisterType<LoggedShapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy("authorization");
        await using var container = builder.Build();

        var proxy = container.Resolve<IShapes>();
        await Callers.RunAsync(container.Resolve<Coalescer>(), gate, () => proxy.TaskOfT(1));

        Assert.That(
            (container.Resolve<AuthorizingInterceptor>().Calls, container.Resolve<CountingInterceptor>().Calls, gate.Executions),
            Is.EqualTo((Callers.Count, Callers.Count, 1)));
    }

    [Test]
    public async Task The_coalescing_interceptor_listed_in_InterceptedBy_coalesces_once()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors()
            .InterceptedBy(typeof(CoalescingInterceptor), typeof(CountingInterceptor), typeof(CoalescingInterceptor));
        var outcome = await Callers.ThroughContainerAsync(builder, gate, p => p.TaskOfT(2));

        Assert.That((outcome.Results, outcome.Logged, outcome.Executions), Is.EqualTo((new[] { 20 }, Callers.Count, 1)));
    }

    [Test]
    public async Task The_coalescing_interceptor_named_by_Intercept_and_InterceptedBy_coalesces_once()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<AttributedShapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        await AssertCoalescedOnceAsync(builder, gate);
    }

    [Test]
    public async Task The_targets_exception_reaches_every_caller_through_the_users_interceptors()
    {
        using var gate = new Gate { Failure = new TimeoutException("query timed out") };
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(CountingInterceptor));
        await using var container = builder.Build();
        var proxy = container.Resolve<IShapes>();

        var outcomes = await Callers.RunAsync(container.Resolve<Coalescer>(), gate, async () =>
        {
            try
            {
                return await proxy.ValueTaskOfT(1);
            }
            catch (TimeoutException)
            {
                return -1;
            }
        });

        Assert.That(
            (outcomes.Distinct(), container.Resolve<CountingInterceptor>().Calls, gate.Executions),
            Is.EqualTo((new[] { -1 }, Callers.Count, 1)));
    }

    [Test]
    public async Task A_caller_that_cancels_stops_waiting_through_the_users_interceptors()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(CountingInterceptor));
        await using var container = builder.Build();
        var proxy = container.Resolve<IShapes>();
        using var cancellation = new CancellationTokenSource();

        var leader = proxy.GetAsync(4, CancellationToken.None);
        var cancelled = proxy.GetAsync(4, cancellation.Token);
        await Bounded.UntilHitsAsync(container.Resolve<Coalescer>(), 1);
        await cancellation.CancelAsync();

        Assert.That(async () => await cancelled.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
        gate.Release();
        Assert.That((await leader.WaitAsync(Bounded.Timeout), gate.Executions), Is.EqualTo((40, 1)));
    }

    [Test]
    public void A_named_service_that_is_not_an_interceptor_fails_at_the_first_resolve_instead_of_being_dropped()
    {
        var builder = Containers.NewBuilder(new Gate());
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(Journal));
        using var container = builder.Build();

        var exception = Assert.Throws<Autofac.Core.DependencyResolutionException>(() => container.Resolve<IShapes>());

        Assert.That(Bounded.AllMessages(exception!), Does.Contain("Journal").And.Contain("neither a Castle IInterceptor nor an IAsyncInterceptor"));
    }

    [Test]
    public async Task Ours_over_Extras_chain_that_coalesces_already_does_not_coalesce_again()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        var registration = builder.RegisterType<Shapes>().As<IShapes>().InterceptedBy(typeof(CoalescingInterceptor));
        Autofac.Extras.DynamicProxy.RegistrationExtensions.EnableInterfaceInterceptors(registration);
        CoalescingRegistrationExtensions.EnableInterfaceInterceptors(registration);
        await AssertCoalescedOnceAsync(builder, gate);
    }

    [Test]
    public async Task Extras_applied_after_ours_wraps_no_proxy_and_coalesces_once()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        var registration = builder.RegisterType<Shapes>().As<IShapes>().InterceptedBy(typeof(CountingInterceptor));
        CoalescingRegistrationExtensions.EnableInterfaceInterceptors(registration);
        Autofac.Extras.DynamicProxy.RegistrationExtensions.EnableInterfaceInterceptors(registration);
        var outcome = await Callers.ThroughContainerAsync(builder, gate, p => p.TaskOfT(2));

        // Our proxy moves outside Extras' one, so Extras' interceptors are inside coalescing: they see the leader's call.
        Assert.That((outcome.Results, outcome.Logged, outcome.Executions), Is.EqualTo((new[] { 20 }, 1, 1)));
    }

    [Test]
    public async Task Extras_applied_after_ours_with_the_coalescing_interceptor_coalesces_once()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        var registration = builder.RegisterType<Shapes>().As<IShapes>().InterceptedBy(typeof(CoalescingInterceptor));
        CoalescingRegistrationExtensions.EnableInterfaceInterceptors(registration);
        Autofac.Extras.DynamicProxy.RegistrationExtensions.EnableInterfaceInterceptors(registration);
        await AssertCoalescedOnceAsync(builder, gate);
    }

    [Test]
    public async Task Extras_applied_after_ours_on_an_open_generic_registration_coalesces_once()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        var registration = builder.RegisterGeneric(typeof(GenericRepo<>)).As(typeof(IGenericRepo<>)).InterceptedBy(typeof(CountingInterceptor));
        CoalescingRegistrationExtensions.EnableInterfaceInterceptors(registration);
        Autofac.Extras.DynamicProxy.RegistrationExtensions.EnableInterfaceInterceptors(registration);
        await using var container = builder.Build();
        var proxy = container.Resolve<IGenericRepo<long>>();

        var results = await Callers.RunAsync(container.Resolve<Coalescer>(), gate, () => proxy.FindAsync(8));

        Assert.That((results.Distinct(), gate.Executions), Is.EqualTo((new[] { 8L }, 1)));
    }

    [Test]
    public async Task Passing_GenerationOptions_binds_to_Extras_and_coalesces()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors(CoalescingProxy.GenerationOptions)
            .InterceptedBy(typeof(CountingInterceptor), typeof(CoalescingInterceptor));
        var outcome = await Callers.ThroughContainerAsync(builder, gate, p => p.TaskOfT(2));

        Assert.That((outcome.Results, outcome.Logged, outcome.Executions), Is.EqualTo((new[] { 20 }, Callers.Count, 1)));
    }

    private static async Task AssertCoalescedOnceAsync(ContainerBuilder builder, Gate gate)
    {
        var outcome = await Callers.ThroughContainerAsync(builder, gate, p => p.TaskOfT(2));

        Assert.That((outcome.Results, outcome.Executions), Is.EqualTo((new[] { 20 }, 1)));
    }
}
