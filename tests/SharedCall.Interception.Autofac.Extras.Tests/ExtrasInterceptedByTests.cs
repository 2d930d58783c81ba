using Autofac;
using Autofac.Core;
using Autofac.Extras.DynamicProxy;
using Castle.DynamicProxy;

namespace SharedCall.Tests.AutofacExtras;

[Intercept(typeof(CoalescingInterceptor))]
public class AttributedShapes(Gate gate) : Shapes(gate);

/// <summary>
/// Autofac.Extras.DynamicProxy's own EnableInterfaceInterceptors() (this file imports only its namespace) with the
/// coalescing interceptor named the ways Extras users name interceptors.
/// </summary>
public class ExtrasInterceptedByTests
{
    [Test]
    public async Task InterceptedBy_the_interceptor_type_coalesces_100_calls_into_1_execution()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        await AssertCoalescedAsync(builder, gate);
    }

    [Test]
    public async Task An_Intercept_attribute_naming_the_interceptor_type_coalesces()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<AttributedShapes>().As<IShapes>().EnableInterfaceInterceptors();
        await AssertCoalescedAsync(builder, gate);
    }

    [Test]
    public async Task InterceptedBy_name_coalesces()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.Register(c => c.Resolve<CoalescingInterceptor>()).Named<IInterceptor>("coalescing");
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy("coalescing");
        await AssertCoalescedAsync(builder, gate);
    }

    [Test]
    public async Task A_proxy_built_with_Castle_directly_coalesces()
    {
        using var gate = new Gate();
        var coalescer = new Coalescer();
        var proxy = new ProxyGenerator().CreateInterfaceProxyWithTarget<IShapes>(new Shapes(gate), new CoalescingInterceptor(coalescer));

        var results = await Callers.RunAsync(coalescer, gate, () => proxy.TaskOfT(4));

        Assert.That((results.Distinct(), gate.Executions), Is.EqualTo((new[] { 40 }, 1)));
    }

    [Test]
    public async Task Listed_twice_through_Intercept_and_InterceptedBy_it_coalesces_once()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<AttributedShapes>().As<IShapes>().EnableInterfaceInterceptors()
            .InterceptedBy(typeof(CoalescingInterceptor), typeof(CountingInterceptor));
        await AssertCoalescedAsync(builder, gate);
    }

    [Test]
    public async Task Interceptors_listed_outside_coalescing_see_every_call_and_inside_it_only_the_leaders()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors()
            .InterceptedBy(typeof(AuthorizingInterceptor), typeof(CoalescingInterceptor), typeof(CountingInterceptor));
        var outcome = await Callers.ThroughContainerAsync(builder, gate, p => p.TaskOfT(1));

        Assert.That((outcome.Authorized, outcome.Logged, outcome.Executions), Is.EqualTo((Callers.Count, 1, 1)));
    }

    [TestCase("T")]
    [TestCase("Task")]
    [TestCase("Task<T>")]
    [TestCase("ValueTask")]
    [TestCase("ValueTask<T>")]
    public async Task Each_return_shape_coalesces_100_calls_into_1_execution(string shape)
    {
        using var gate = new Gate();
        await using var container = BuildWithShapesCoalescedByExtras(gate);
        var proxy = container.Resolve<IShapes>();
        var coalescer = container.Resolve<Coalescer>();

        var results = shape switch
        {
            "T" => await Callers.RunBlockingAsync(coalescer, gate, () => proxy.Value(2)),
            "Task" => (await Callers.RunAsync(coalescer, gate, () => proxy.Task(2))).Select(_ => 20).ToArray(),
            "Task<T>" => await Callers.RunAsync(coalescer, gate, () => proxy.TaskOfT(2)),
            "ValueTask" => (await Callers.RunAsync(coalescer, gate, async () => await proxy.ValueTask(2))).Select(_ => 20).ToArray(),
            _ => await Callers.RunAsync(coalescer, gate, async () => await proxy.ValueTaskOfT(2)),
        };

        Assert.That((results.Distinct(), gate.Executions, coalescer.GetStats().Hits), Is.EqualTo((new[] { 20 }, 1, Callers.Count - 1L)));
    }

    [Test]
    public async Task The_targets_exception_reaches_every_caller_from_one_execution()
    {
        using var gate = new Gate { Failure = new InvalidOperationException("database down") };
        await using var container = BuildWithShapesCoalescedByExtras(gate);
        var proxy = container.Resolve<IShapes>();

        var outcomes = await Callers.RunAsync(container.Resolve<Coalescer>(), gate, async () =>
        {
            try
            {
                await proxy.TaskOfT(3);
                return "no exception";
            }
            catch (InvalidOperationException exception)
            {
                return exception.Message;
            }
        });

        Assert.That((outcomes.Distinct(), gate.Executions), Is.EqualTo((new[] { "database down" }, 1)));
    }

    [Test]
    public async Task A_caller_that_cancels_stops_waiting_while_the_others_get_the_result()
    {
        using var gate = new Gate();
        await using var container = BuildWithShapesCoalescedByExtras(gate);
        var proxy = container.Resolve<IShapes>();
        var coalescer = container.Resolve<Coalescer>();
        using var cancellation = new CancellationTokenSource();

        var leader = proxy.GetAsync(5, CancellationToken.None);
        var cancelled = proxy.GetAsync(5, cancellation.Token);
        await Bounded.UntilHitsAsync(coalescer, 1);
        await cancellation.CancelAsync();

        Assert.That(async () => await cancelled.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(leader.IsCompleted, Is.False, "one caller's cancellation must not end the execution");
        gate.Release();
        Assert.That((await leader.WaitAsync(Bounded.Timeout), gate.Executions), Is.EqualTo((50, 1)));
    }

    [Test]
    public async Task With_GenerationOptions_unmarked_methods_are_not_intercepted()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors(CoalescingProxy.GenerationOptions)
            .InterceptedBy(typeof(CountingInterceptor), typeof(CoalescingInterceptor));
        await using var container = builder.Build();
        var proxy = container.Resolve<IShapes>();

        var plain = proxy.Plain(7);
        var coalesced = await Callers.RunAsync(container.Resolve<Coalescer>(), gate, () => proxy.TaskOfT(1));

        Assert.That(
            (plain, container.Resolve<CountingInterceptor>().Calls, coalesced.Distinct(), gate.Executions),
            Is.EqualTo((7, Callers.Count, new[] { 10 }, 1)));
    }

    [Test]
    public void With_GenerationOptions_a_method_that_cannot_be_coalesced_fails_at_the_first_resolve()
    {
        var builder = Containers.NewBuilder(new Gate());
        builder.RegisterType<BadTemplate>().As<IBadTemplate>().EnableInterfaceInterceptors(CoalescingProxy.GenerationOptions)
            .InterceptedBy(typeof(CoalescingInterceptor));
        using var container = builder.Build();

        var exception = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IBadTemplate>());

        Assert.That(Bounded.AllMessages(exception!), Does.Contain("IBadTemplate").And.Contain("'GetAsync'").And.Contain("nope"));
    }

    [Test]
    public void Without_options_a_method_that_cannot_be_coalesced_still_fails_at_the_first_resolve()
    {
        var builder = Containers.NewBuilder(new Gate());
        builder.RegisterType<BadTemplate>().As<IBadTemplate>().EnableInterfaceInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        using var container = builder.Build();

        var exception = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IBadTemplate>());

        Assert.That(Bounded.AllMessages(exception!), Does.Contain("IBadTemplate").And.Contain("'GetAsync'").And.Contain("nope"));
    }

    private static IContainer BuildWithShapesCoalescedByExtras(Gate gate)
    {
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<Shapes>().As<IShapes>().EnableInterfaceInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        return builder.Build();
    }

    private static async Task AssertCoalescedAsync(ContainerBuilder builder, Gate gate)
    {
        var outcome = await Callers.ThroughContainerAsync(builder, gate, p => p.TaskOfT(3));

        Assert.That((outcome.Results, outcome.Executions), Is.EqualTo((new[] { 30 }, 1)));
    }
}
