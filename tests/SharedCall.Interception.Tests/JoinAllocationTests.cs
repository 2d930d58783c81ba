using Castle.DynamicProxy;

namespace SharedCall.Interception.Tests;

/// <summary>
/// A call that joins an execution in flight allocates nothing beyond Castle's own invocation: the key it looks up with
/// is deferred (its plan and arguments), never made into an object. Pinned because the proxy join benchmark depends on it.
/// </summary>
public class JoinAllocationTests
{
    [Coalesced]
    public interface IJoinTarget
    {
        Task<int> GetAsync(int id);

        Task RunAsync(int id);

        ValueTask<int> GetValueAsync(int id);

        ValueTask RunValueAsync(int id);
    }

    public static IEnumerable<TestCaseData> Shapes()
    {
        yield return new TestCaseData((Func<IJoinTarget, Task>)(t => t.GetAsync(7))).SetArgDisplayNames("Task<T>");
        yield return new TestCaseData((Func<IJoinTarget, Task>)(t => t.RunAsync(7))).SetArgDisplayNames("Task");
        yield return new TestCaseData((Func<IJoinTarget, Task>)(t => t.GetValueAsync(7).AsTask())).SetArgDisplayNames("ValueTask<T>");
        yield return new TestCaseData((Func<IJoinTarget, Task>)(t => t.RunValueAsync(7).AsTask())).SetArgDisplayNames("ValueTask");
    }

    [TestCaseSource(nameof(Shapes))]
    public async Task A_joining_call_allocates_no_more_than_castles_pass_through_proxy(Func<IJoinTarget, Task> call)
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = new GatedTarget(gate.Task);
        var coalesced = CoalescingProxy.Create<IJoinTarget>(target, new Coalescer());
        var passThrough = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<IJoinTarget>(target, new PassThrough());

        var leader = call(coalesced);
        var perJoin = Allocations.PerCall(() => call(coalesced));
        var perPassThrough = Allocations.PerCall(() => call(passThrough));
        gate.SetResult(42);

        await leader.WaitAsync(Bounded.Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(1 + (2 * Allocations.Calls)), "only the leader and the pass-through calls reach the target");
            Assert.That(perJoin, Is.LessThanOrEqualTo(perPassThrough), $"a join allocated {perJoin} B, Castle's pass-through {perPassThrough} B");
        });
    }

    [Test]
    public async Task A_join_after_a_call_that_threw_while_making_its_key_still_allocates_no_key()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = new GatedObjectTarget(gate.Task);
        var coalesced = CoalescingProxy.Create<IObjectJoinTarget>(target, new Coalescer());
        var passThrough = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<IObjectJoinTarget>(target, new PassThrough());

        // The key's hash throws while the call's key is being made: nothing the next call needs may be lost with it.
        Assert.Throws<InvalidOperationException>(() => coalesced.GetAsync(new HashThrows()));
        var leader = coalesced.GetAsync(7);
        var perJoin = Allocations.PerCall(() => coalesced.GetAsync(7));
        var perPassThrough = Allocations.PerCall(() => passThrough.GetAsync(7));
        gate.SetResult(42);

        Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(42));
        Assert.That(perJoin, Is.LessThanOrEqualTo(perPassThrough), $"a join allocated {perJoin} B, Castle's pass-through {perPassThrough} B");
    }

    [Coalesced]
    public interface IObjectJoinTarget
    {
        Task<int> GetAsync(object id);
    }

    private sealed class GatedObjectTarget(Task<int> gate) : IObjectJoinTarget
    {
        public Task<int> GetAsync(object id) => gate;
    }

    private sealed class HashThrows
    {
        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public override int GetHashCode() => throw new InvalidOperationException("this key cannot be hashed");
    }

    private sealed class GatedTarget(Task<int> gate) : IJoinTarget
    {
        public int Calls { get; private set; }

        public Task<int> GetAsync(int id)
        {
            Calls++;
            return gate;
        }

        public Task RunAsync(int id)
        {
            Calls++;
            return gate;
        }

        public ValueTask<int> GetValueAsync(int id)
        {
            Calls++;
            return new ValueTask<int>(gate);
        }

        public ValueTask RunValueAsync(int id)
        {
            Calls++;
            return new ValueTask(gate);
        }
    }

    private sealed class PassThrough : IInterceptor
    {
        public void Intercept(Castle.DynamicProxy.IInvocation invocation) => invocation.Proceed();
    }
}
