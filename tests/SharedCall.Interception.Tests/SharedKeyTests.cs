namespace SharedCall.Interception.Tests;

/// <summary>
/// The one key of a method without key arguments is shared by all its calls: another method's call must never find
/// it equal to its own key, or reuse it, while a flight holds it.
/// </summary>
public class SharedKeyTests
{
    [Coalesced]
    public interface ITarget
    {
        Task<int> GetAllAsync();

        Task<int> GetAsync(int id);
    }

    [Test]
    public async Task A_method_without_key_arguments_never_joins_another_methods_execution()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = new Target(gate.Task);
        var proxy = CoalescingProxy.Create<ITarget>(target, new Coalescer());

        Assert.That(await proxy.GetAllAsync().WaitAsync(Bounded.Timeout), Is.EqualTo(-1));

        // On the same thread: a call of the other method that stays in flight, then the first method again.
        var pending = proxy.GetAsync(5);
        var again = proxy.GetAllAsync();

        Assert.That(await again.WaitAsync(Bounded.Timeout), Is.EqualTo(-1), "the second GetAllAsync must run GetAllAsync");
        Assert.That(target.AllCalls, Is.EqualTo(2));
        gate.SetResult(5);
        Assert.That(await pending.WaitAsync(Bounded.Timeout), Is.EqualTo(5));
    }

    private sealed class Target(Task<int> gate) : ITarget
    {
        public int AllCalls { get; private set; }

        public Task<int> GetAllAsync()
        {
            AllCalls++;
            return Task.FromResult(-1);
        }

        public Task<int> GetAsync(int id) => gate;
    }
}
