using Microsoft.Extensions.Time.Testing;

namespace SharedCall.Interception.Tests;

/// <summary>[Coalesced(TimeoutMilliseconds, ReuseForMilliseconds)] through a real proxy, with a fake clock.</summary>
public class ExecutionPolicyTests
{
    private readonly FakeTimeProvider _time = new();

    public interface IPolicyService
    {
        [Coalesced(TimeoutMilliseconds = 5000)]
        Task<int> SlowAsync(int id, CancellationToken cancellationToken);

        [Coalesced(ReuseForMilliseconds = 200)]
        Task<int> CountAsync(int id);

        [Coalesced(ReuseForMilliseconds = 200)]
        int Count(int id);

        [Coalesced(ReuseForMilliseconds = 200)]
        Task TouchAsync(int id);

        [Coalesced(ReuseForMilliseconds = 200)]
        void Touch(int id);
    }

    public interface INegativeTimeout
    {
        [Coalesced(TimeoutMilliseconds = -1)]
        Task<int> GetAsync(int id);
    }

    public interface INegativeReuse
    {
        [Coalesced(ReuseForMilliseconds = -200)]
        Task<int> GetAsync(int id);
    }

    [Test]
    public async Task A_hung_call_times_out_for_every_caller_and_its_token_is_cancelled()
    {
        var service = new PolicyService();
        var coalescer = new Coalescer(new CoalescerOptions { TimeProvider = _time });
        var proxy = CoalescingProxy.Create<IPolicyService>(service, coalescer);

        var first = proxy.SlowAsync(1, CancellationToken.None);
        var second = proxy.SlowAsync(1, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<TimeoutException>(async () => await first.WaitAsync(Bounded.Timeout));
        await Assert.ThrowsAsync<TimeoutException>(async () => await second.WaitAsync(Bounded.Timeout));
        Assert.That(error!.Message, Does.Contain("IPolicyService.SlowAsync").And.Contain("5000 ms"));
        Assert.That(service.SlowToken.IsCancellationRequested, Is.True);
        Assert.That(coalescer.GetStats("IPolicyService.SlowAsync").Errors, Is.EqualTo(1));
    }

    [Test]
    public async Task Results_of_every_shape_are_reused_within_the_window()
    {
        var service = new PolicyService();
        var proxy = CoalescingProxy.Create<IPolicyService>(service, new Coalescer(new CoalescerOptions { TimeProvider = _time }));

        Assert.That(await proxy.CountAsync(1), Is.EqualTo(1));
        Assert.That(await proxy.CountAsync(1), Is.EqualTo(1));
        Assert.That(proxy.Count(1), Is.EqualTo(2));
        Assert.That(proxy.Count(1), Is.EqualTo(2));
        await proxy.TouchAsync(1);
        await proxy.TouchAsync(1);
        proxy.Touch(1);
        proxy.Touch(1);
        Assert.That(service.Runs, Is.EqualTo(4));

        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.That(await proxy.CountAsync(1), Is.EqualTo(5));
    }

    [Test]
    public void A_negative_time_fails_the_proxys_creation_naming_the_interface_method_and_value()
    {
        Assert.That(
            () => CoalescingProxy.Create(Mock.Of<INegativeTimeout>(), new Coalescer()),
            Throws.InvalidOperationException.With.Message.Contain("INegativeTimeout").And.Message.Contain("GetAsync").And.Message.Contain("TimeoutMilliseconds = -1"));
        Assert.That(
            () => CoalescingProxy.Create(Mock.Of<INegativeReuse>(), new Coalescer()),
            Throws.InvalidOperationException.With.Message.Contain("INegativeReuse").And.Message.Contain("ReuseForMilliseconds = -200"));
    }

    private sealed class PolicyService : IPolicyService
    {
        private int _runs;

        public CancellationToken SlowToken { get; private set; }

        public int Runs => Volatile.Read(ref _runs);

        public Task<int> SlowAsync(int id, CancellationToken cancellationToken)
        {
            SlowToken = cancellationToken;
            return Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => id, TaskScheduler.Default);
        }

        public Task<int> CountAsync(int id) => Task.FromResult(Interlocked.Increment(ref _runs));

        public int Count(int id) => Interlocked.Increment(ref _runs);

        public Task TouchAsync(int id)
        {
            Interlocked.Increment(ref _runs);
            return Task.CompletedTask;
        }

        public void Touch(int id) => Interlocked.Increment(ref _runs);
    }
}
