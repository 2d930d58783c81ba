using Castle.DynamicProxy;

namespace SharedCall.Interception.Tests;

public interface IGenericLookup
{
    [Coalesced]
    Task<T> FindAsync<T>(int id);
}

/// <summary>A class a class proxy can override; every call waits for the test.</summary>
public class GenericLookup : IGenericLookup
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _executions;

    public int Executions => Volatile.Read(ref _executions);

    public void Release() => _release.TrySetResult();

    public virtual async Task<T> FindAsync<T>(int id)
    {
        Interlocked.Increment(ref _executions);
        await _release.Task.WaitAsync(Bounded.Timeout);
        return (T)Convert.ChangeType(id, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The interceptor and the options in proxies built with Castle directly, as Autofac.Extras.DynamicProxy builds them.</summary>
public class CastleInteropTests
{
    private static readonly ProxyGenerator Generator = new();

    [Test]
    public void A_chain_holding_the_interceptor_in_any_form_is_recognised_as_coalescing()
    {
        using var shapes = new GatedShapes();
        IShapes target = shapes;
        var interceptor = new CoalescingInterceptor(new Coalescer());
        var direct = Generator.CreateInterfaceProxyWithTarget(target, interceptor);
        var adapted = Generator.CreateInterfaceProxyWithTarget(target, interceptor.ToInterceptor());
        var ours = CoalescingProxy.Create(target, new Coalescer());
        var overOurs = Generator.CreateInterfaceProxyWithTarget(ours, new StandardInterceptor());

        Assert.Multiple(() =>
        {
            Assert.That(new[] { direct, adapted, ours, overOurs }.Select(CoalescingProxy.IsCoalescing), Is.All.True);
            Assert.That(CoalescingProxy.IsCoalescing(Mock.Of<IShapes>()), Is.False, "a Moq object is a Castle proxy too");
            Assert.That(CoalescingProxy.IsCoalescing(target), Is.False);
            Assert.That(CoalescingProxy.IsCoalescing(new object()), Is.False);
        });
    }

    [Test]
    public void GenerationOptions_are_new_on_every_read_and_still_share_one_proxy_type()
    {
        using var target = new GatedShapes();
        var interceptor = new CoalescingInterceptor(new Coalescer());

        var first = Generator.CreateInterfaceProxyWithTarget<IShapes>(target, CoalescingProxy.GenerationOptions, interceptor);
        var second = Generator.CreateInterfaceProxyWithTarget<IShapes>(target, CoalescingProxy.GenerationOptions, interceptor);

        Assert.That(
            (ReferenceEquals(CoalescingProxy.GenerationOptions, CoalescingProxy.GenerationOptions), first.GetType()),
            Is.EqualTo((false, second.GetType())));
    }

    [Test]
    public async Task A_class_proxys_generic_method_coalesces_as_the_interface_method_it_implements()
    {
        var coalescer = new Coalescer();
        var proxy = Generator.CreateClassProxy<GenericLookup>(new CoalescingInterceptor(coalescer));

        var first = proxy.FindAsync<int>(3);
        var second = proxy.FindAsync<int>(3);
        var other = proxy.FindAsync<long>(3);
        proxy.Release();

        // One execution per closed method: FindAsync<int> twice joins, FindAsync<long> is another key.
        Assert.That(
            (await first.WaitAsync(Bounded.Timeout), await second.WaitAsync(Bounded.Timeout), await other.WaitAsync(Bounded.Timeout), proxy.Executions, coalescer.GetStats().Hits),
            Is.EqualTo((3, 3, 3L, 2, 1L)));
    }
}
