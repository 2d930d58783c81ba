using System.Threading.Tasks.Sources;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Tests;

/// <summary>
/// A <c>ValueTask&lt;T&gt;</c> leader whose target returns its result synchronously publishes that result as it is:
/// no task is made for it, and the leader keeps the target's own ValueTask when that is safe to hand back. Pinned
/// because the proxy leader benchmark depends on it, and because a ValueTask must never be consumed twice.
/// </summary>
public class ValueTaskLeaderTests
{
    private const int FlightBytes = 88;
    private const int KeyBytes = 40;

    public interface IValueTaskTarget
    {
        [Coalesced]
        ValueTask<int> GetAsync(int id);

        [Coalesced]
        ValueTask<int> GetAllAsync();

        [Coalesced]
        int Get(int id, CancellationToken cancellationToken);
    }

    [Test]
    public void A_ValueTask_leader_completing_synchronously_allocates_only_its_flight_and_key_beyond_castles_pass_through_proxy()
    {
        var target = new Target();
        var coalesced = CoalescingProxy.Create<IValueTaskTarget>(target, new Coalescer());
        var passThrough = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<IValueTaskTarget>(target, new PassThrough());

        var perLead = Allocations.PerCall(() => Consume(coalesced.GetAsync(7)));
        var perPassThrough = Allocations.PerCall(() => Consume(passThrough.GetAsync(7)));
        var perLeadWithoutKey = Allocations.PerCall(() => Consume(coalesced.GetAllAsync()));
        var perPassThroughWithoutKey = Allocations.PerCall(() => Consume(passThrough.GetAllAsync()));

        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(8 * Allocations.Calls), "every call on a free key reaches the target");
            Assert.That(perLead - perPassThrough, Is.LessThanOrEqualTo(FlightBytes + KeyBytes), $"a ValueTask leader allocated {perLead} B, Castle's pass-through {perPassThrough} B");
            Assert.That(
                perLeadWithoutKey - perPassThroughWithoutKey,
                Is.LessThanOrEqualTo(FlightBytes),
                $"a ValueTask leader without key arguments allocated {perLeadWithoutKey} B, Castle's pass-through {perPassThroughWithoutKey} B");
        });
    }

    [Test]
    public async Task A_ValueTask_leader_gets_the_targets_result()
    {
        var coalesced = CoalescingProxy.Create<IValueTaskTarget>(new Target(), new Coalescer());

        Assert.That(await coalesced.GetAsync(7), Is.EqualTo(1_007));
    }

    [Test]
    public void A_sync_leader_with_a_token_allocates_only_its_flight_and_key_beyond_castles_pass_through_proxy()
    {
        var target = new Target();
        var coalesced = CoalescingProxy.Create<IValueTaskTarget>(target, new Coalescer());
        var passThrough = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<IValueTaskTarget>(target, new PassThrough());

        var perLead = Allocations.PerCall(() => coalesced.Get(7, CancellationToken.None));
        var perPassThrough = Allocations.PerCall(() => passThrough.Get(7, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(coalesced.Get(7, CancellationToken.None), Is.EqualTo(1_007));
            Assert.That(perLead - perPassThrough, Is.LessThanOrEqualTo(FlightBytes + KeyBytes), $"a sync leader with a token allocated {perLead} B, Castle's pass-through {perPassThrough} B");
        });
    }

    [Test]
    public async Task A_completed_ValueTask_over_a_source_is_consumed_once_and_its_caller_still_gets_the_result()
    {
        var source = new OneShotSource(42);
        var coalesced = CoalescingProxy.Create<IValueTaskTarget>(new SourceTarget(source), new Coalescer());

        var result = await coalesced.GetAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(42));
            Assert.That(source.Results, Is.EqualTo(1), "the source's result was read once, by the coalescer; the caller got its own ValueTask");
        });
    }

    [Test]
    public async Task Callers_joining_a_ValueTask_leader_that_completes_synchronously_get_its_result()
    {
        var coalescer = new Coalescer();
        using var target = new BlockingTarget();
        var coalesced = CoalescingProxy.Create<IValueTaskTarget>(target, coalescer);

        // The leader's target blocks its own thread, then returns its result synchronously.
        var leader = Bounded.OnThread(() => coalesced.GetAsync(3).AsTask());
        await Bounded.UntilAsync(() => target.Calls == 1, "the leader's target runs");
        var joiner = coalesced.GetAsync(3).AsTask();
        await Bounded.UntilHitsAsync(coalescer, 1);
        target.Release.Set();

        var results = await Task.WhenAll(await leader.WaitAsync(Bounded.Timeout), joiner).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(results, Is.EqualTo(new[] { 3_003, 3_003 }));
            Assert.That(target.Calls, Is.EqualTo(1));
        });
    }

    // Reads a leader's result the way an await of a completed ValueTask would, without a state machine.
    private static void Consume(ValueTask<int> call)
    {
        if (!call.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("a leader on a free key completes synchronously here");
        }

        _ = call.Result;
    }

    private sealed class Target : IValueTaskTarget
    {
        public int Calls { get; private set; }

        // Results outside the runtime's cache of small boxed values and tasks, so every allocation is real.
        public ValueTask<int> GetAsync(int id)
        {
            Calls++;
            return new ValueTask<int>(1_000 + id);
        }

        public ValueTask<int> GetAllAsync()
        {
            Calls++;
            return new ValueTask<int>(2_000);
        }

        public int Get(int id, CancellationToken cancellationToken) => 1_000 + id;
    }

    private sealed class SourceTarget(OneShotSource source) : IValueTaskTarget
    {
        public ValueTask<int> GetAsync(int id) => new(source, 0);

        public ValueTask<int> GetAllAsync() => throw new NotSupportedException();

        public int Get(int id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class BlockingTarget : IValueTaskTarget, IDisposable
    {
        private int _calls;

        public ManualResetEventSlim Release { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<int> GetAsync(int id)
        {
            Interlocked.Increment(ref _calls);
            if (!Release.Wait(Bounded.Timeout))
            {
                throw new TimeoutException("the test never released the target");
            }

            return new ValueTask<int>(3_000 + id);
        }

        public ValueTask<int> GetAllAsync() => throw new NotSupportedException();

        public int Get(int id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Dispose() => Release.Dispose();
    }

    /// <summary>A completed source whose result may be read only once, like a pooled one that is reused afterwards.</summary>
    private sealed class OneShotSource(int result) : IValueTaskSource<int>
    {
        private int _results;

        public int Results => Volatile.Read(ref _results);

        public int GetResult(short token)
        {
            if (Interlocked.Increment(ref _results) > 1)
            {
                throw new InvalidOperationException("The ValueTask was consumed twice.");
            }

            return result;
        }

        public ValueTaskSourceStatus GetStatus(short token) => ValueTaskSourceStatus.Succeeded;

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            throw new InvalidOperationException("The source is already completed.");
    }

    private sealed class PassThrough : IInterceptor
    {
        public void Intercept(Castle.DynamicProxy.IInvocation invocation) => invocation.Proceed();
    }
}
