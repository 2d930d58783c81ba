using Autofac;
using Autofac.Core;
using Autofac.Extras.DynamicProxy;
using SharedCall.Redis;
using StackExchange.Redis;
using Coalescing = SharedCall.Interception.Autofac.CoalescingRegistrationExtensions;

namespace SharedCall.Tests.AutofacExtras;

/// <summary>
/// Under Autofac.Extras.DynamicProxy, as with our own integration: with a Redis level, a [Coalesced] method whose
/// arguments or result cannot cross processes fails at the first resolve, naming the method and the fix.
/// </summary>
public sealed class CrossProcessWithExtrasTests
{
    public interface IByPredicate
    {
        [Coalesced]
        Task<string> FindAsync(Func<int, bool> predicate, CancellationToken cancellationToken);
    }

    public interface IByName
    {
        [Coalesced]
        Task<string> FindAsync(string name, CancellationToken cancellationToken);
    }

    public class ByPredicate : IByPredicate
    {
        public virtual Task<string> FindAsync(Func<int, bool> predicate, CancellationToken cancellationToken) => Task.FromResult("found");
    }

    public sealed class ByName : IByName
    {
        public Task<string> FindAsync(string name, CancellationToken cancellationToken) => Task.FromResult(name);
    }

    [Test]
    public async Task An_interface_proxy_whose_method_cannot_cross_processes_fails_at_the_first_resolve()
    {
        await using var redis = await UnreachableRedisAsync();
        var builder = NewBuilder(redis);
        builder.RegisterType<ByPredicate>().As<IByPredicate>().EnableInterfaceInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        await using var container = builder.Build();

        var exception = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IByPredicate>());
        Assert.That(Bounded.AllMessages(exception!), Does.Contain("'FindAsync'").And.Contain("'predicate'").And.Contain("CrossProcess = false"));
    }

    [Test]
    public async Task A_class_proxy_whose_method_cannot_cross_processes_fails_at_the_first_resolve()
    {
        await using var redis = await UnreachableRedisAsync();
        var builder = NewBuilder(redis);
        builder.RegisterType<ByPredicate>().As<IByPredicate>().EnableClassInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        await using var container = builder.Build();

        var exception = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IByPredicate>());
        Assert.That(Bounded.AllMessages(exception!), Does.Contain("'FindAsync'").And.Contain("CrossProcess = false"));
    }

    [Test]
    public async Task A_method_that_can_cross_processes_resolves_and_runs_in_process_while_Redis_is_away()
    {
        await using var redis = await UnreachableRedisAsync();
        var builder = NewBuilder(redis);
        builder.RegisterType<ByName>().As<IByName>().EnableInterfaceInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        await using var container = builder.Build();

        var service = container.Resolve<IByName>();
        Assert.That(CoalescingProxy.IsCoalescing(service), Is.True);
        Assert.That(await service.FindAsync("ada", CancellationToken.None).WaitAsync(Bounded.Timeout), Is.EqualTo("ada"));
    }

    // A real Redis level whose server is away: the checks need no server, and calls fall back to this process.
    private static Task<ConnectionMultiplexer> UnreachableRedisAsync() =>
        ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200");

    private static ContainerBuilder NewBuilder(IConnectionMultiplexer redis)
    {
        var builder = new ContainerBuilder();
        Coalescing.RegisterCoalescing(builder, options => options.UseRedis(redis));
        return builder;
    }
}
