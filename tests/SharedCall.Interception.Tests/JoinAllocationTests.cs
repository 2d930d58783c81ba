using Castle.DynamicProxy;

namespace SharedCall.Interception.Tests;

/// <summary>
/// A call that joins an execution in flight allocates nothing beyond Castle's own invocation: the key it looks up with
/// is this thread's spare, handed back after the call. Pinned because B10 (docs/benchmarks.md) depends on it.
/// </summary>
public class JoinAllocationTests
{
    private const int Calls = 1_000;

    [Coalesced]
    public interface IJoinTarget
    {
        Task<int> GetAsync(int id);
    }

    [Test]
    public async Task A_joining_call_allocates_no_more_than_castles_pass_through_proxy()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = new GatedTarget(gate.Task);
        var coalesced = CoalescingProxy.Create<IJoinTarget>(target, new Coalescer());
        var passThrough = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<IJoinTarget>(target, new PassThrough());

        var leader = coalesced.GetAsync(7);
        var perJoin = BytesPerCall(() => coalesced.GetAsync(7));
        var perPassThrough = BytesPerCall(() => passThrough.GetAsync(7));
        gate.SetResult(42);

        Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(42));
        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(1 + 2 * Calls), "only the leader and the pass-through calls reach the target");
            Assert.That(perJoin, Is.LessThanOrEqualTo(perPassThrough), $"a join allocated {perJoin} B, Castle's pass-through {perPassThrough} B");
        });
    }

    private static double BytesPerCall(Func<Task<int>> call)
    {
        for (var i = 0; i < Calls; i++)
        {
            _ = call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            _ = call();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
    }

    private sealed class GatedTarget(Task<int> gate) : IJoinTarget
    {
        public int Calls { get; private set; }

        public Task<int> GetAsync(int id)
        {
            Calls++;
            return gate;
        }
    }

    private sealed class PassThrough : IInterceptor
    {
        public void Intercept(Castle.DynamicProxy.IInvocation invocation) => invocation.Proceed();
    }
}
