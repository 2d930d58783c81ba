namespace SharedCall.Interception.Tests.Reliability;

/// <summary>
/// Under a single-threaded <see cref="SynchronizationContext"/> (a UI thread, classic ASP.NET) nothing the library
/// does needs that thread back: a caller blocked on it does not deadlock, and an awaiting caller resumes on it.
/// </summary>
public class SynchronizationContextTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task A_synchronous_caller_blocking_the_context_thread_gets_the_result_of_a_leader_elsewhere(bool withToken)
    {
        using var context = new SingleThreadSynchronizationContext();
        using var target = new GatedShapes();
        var coalescer = new Coalescer();
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);
        using var cancellation = new CancellationTokenSource();
        int Call() => withToken ? proxy.ValueWithToken(4, cancellation.Token) : proxy.Value(4);

        var leader = Bounded.OnThread(Call);
        await Bounded.UntilAsync(() => target.Calls == 1, "the leader runs the target");
        var follower = context.RunAsync(() => Task.FromResult(Call()));
        await Bounded.UntilHitsAsync(coalescer, 1);
        target.Release();

        Assert.Multiple(async () =>
        {
            Assert.That(await follower.WaitAsync(Bounded.Timeout), Is.EqualTo(40));
            Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(40));
            Assert.That(target.Calls, Is.EqualTo(1));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_synchronous_leader_on_the_context_thread_serves_a_caller_elsewhere(bool withToken)
    {
        using var context = new SingleThreadSynchronizationContext();
        using var target = new GatedShapes();
        var coalescer = new Coalescer();
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);
        using var cancellation = new CancellationTokenSource();
        int Call() => withToken ? proxy.ValueWithToken(5, cancellation.Token) : proxy.Value(5);

        var leader = context.RunAsync(() => Task.FromResult(Call()));
        await Bounded.UntilAsync(() => target.Calls == 1, "the leader runs the target");
        var follower = Bounded.OnThread(Call);
        await Bounded.UntilHitsAsync(coalescer, 1);
        target.Release();

        Assert.Multiple(async () =>
        {
            Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(50));
            Assert.That(await follower.WaitAsync(Bounded.Timeout), Is.EqualTo(50));
        });
    }

    [Test]
    public async Task Callers_awaiting_on_the_context_complete_and_resume_on_its_thread()
    {
        using var context = new SingleThreadSynchronizationContext();
        using var target = new GatedShapes();
        var coalescer = new Coalescer();
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);

        async Task<(int Value, int Thread)> CallAsync(bool valueTask)
        {
            var value = valueTask ? await proxy.ValueTaskOfT(6) : await proxy.TaskOfT(6);
            return (value, Environment.CurrentManagedThreadId);
        }

        var taskCallers = Enumerable.Range(0, 3).Select(_ => context.RunAsync(() => CallAsync(valueTask: false))).ToArray();
        var valueTaskCallers = Enumerable.Range(0, 3).Select(_ => context.RunAsync(() => CallAsync(valueTask: true))).ToArray();
        await Bounded.UntilHitsAsync(coalescer, 4);
        target.Release();
        var results = await Task.WhenAll(taskCallers.Concat(valueTaskCallers)).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Value), Is.All.EqualTo(60));
            Assert.That(results.Select(r => r.Thread), Is.All.EqualTo(context.ThreadId), "await resumes on the caller's context");
            Assert.That(target.Calls, Is.EqualTo(2), "one execution per method");
        });
    }
}
