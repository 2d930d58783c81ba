namespace SharedCall.Tests;

/// <summary>
/// The internal path of work that returns a <see cref="ValueTask{TResult}"/> (the interception package's
/// <c>ValueTask&lt;T&gt;</c> methods): the same guarantees as <c>RunAsync</c>, and a result the work returns
/// synchronously is published without a task.
/// </summary>
public class RunValueTaskTests
{
    private static readonly CoalescingOperation Operation = new("IRepository.GetAsync");

    [Test]
    public async Task A_leader_whose_work_completes_synchronously_gets_its_result_and_frees_the_key()
    {
        var coalescer = new Coalescer();

        var call = coalescer.RunValueTaskAsync(Operation, "k", 1_234, static (value, _) => new ValueTask<int>(value), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(call.IsCompletedSuccessfully, Is.True, "a synchronous result needs no wait");
            Assert.That(coalescer.InFlightCount, Is.Zero);
            Assert.That(coalescer.GetStats(Operation.Name).Misses, Is.EqualTo(1));
        });
        Assert.That(await call, Is.EqualTo(1_234));
    }

    [Test]
    public async Task Callers_joining_pending_work_share_one_execution_and_its_result()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var executions = 0;
        ValueTask<int> Call() => coalescer.RunValueTaskAsync(Operation, "k", gate, (g, _) =>
        {
            Interlocked.Increment(ref executions);
            return new ValueTask<int>(g.Task);
        }, CancellationToken.None);

        var calls = Enumerable.Range(0, 10).Select(_ => Call().AsTask()).ToArray();
        gate.SetResult(7);
        var results = await Task.WhenAll(calls).Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.All.EqualTo(7));
            Assert.That(executions, Is.EqualTo(1));
            Assert.That(coalescer.GetStats(Operation.Name).Hits, Is.EqualTo(9));
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public async Task A_caller_joining_work_that_returns_its_result_synchronously_gets_that_result()
    {
        var coalescer = new Coalescer();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var leader = Task.Factory.StartNew(
            () => coalescer.RunValueTaskAsync(Operation, "k", 0, (_, _) =>
            {
                entered.Set();
                return release.Wait(Bounded.Timeout) ? new ValueTask<int>(5_000) : throw new TimeoutException("never released");
            }, CancellationToken.None).AsTask(),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.That(entered.Wait(Bounded.Timeout), Is.True, "the leader's work started");

        var joiner = coalescer.RunValueTaskAsync<int, int>(Operation, "k", 0, (_, _) => throw new AssertionException("a joiner must not run the work"), CancellationToken.None);
        release.Set();

        Assert.That(await joiner.AsTask().Bounded(), Is.EqualTo(5_000));
        Assert.That(await (await leader.Bounded()).Bounded(), Is.EqualTo(5_000));
    }

    [Test]
    public async Task A_synchronous_throw_and_a_synchronously_faulted_ValueTask_fail_the_call_with_the_exception()
    {
        var coalescer = new Coalescer();
        var thrown = new InvalidOperationException("thrown");
        var faulted = new InvalidOperationException("faulted");

        var first = coalescer.RunValueTaskAsync<Exception, int>(Operation, "a", thrown, static (e, _) => throw e, CancellationToken.None);
        var second = coalescer.RunValueTaskAsync(Operation, "b", faulted, static (e, _) => ValueTask.FromException<int>(e), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Assert.ThrowsAsync<InvalidOperationException>(async () => await first), Is.SameAs(thrown));
            Assert.That(await Assert.ThrowsAsync<InvalidOperationException>(async () => await second), Is.SameAs(faulted));
            Assert.That(coalescer.GetStats(Operation.Name).Errors, Is.EqualTo(2));
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public async Task A_cancellation_thrown_synchronously_cancels_the_call()
    {
        var coalescer = new Coalescer();
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        var call = coalescer.RunValueTaskAsync<CancellationToken, int>(Operation, "k", source.Token, static (token, _) => throw new OperationCanceledException(token), CancellationToken.None);

        var exception = await Assert.ThrowsAsync<TaskCanceledException>(async () => await call);
        Assert.That(exception!.CancellationToken, Is.EqualTo(source.Token));
    }

    [Test]
    public async Task A_caller_whose_token_is_already_cancelled_does_not_run_the_work()
    {
        var coalescer = new Coalescer();
        var executions = 0;

        var call = coalescer.RunValueTaskAsync(Operation, "k", 0, (_, _) =>
        {
            executions++;
            return new ValueTask<int>(1);
        }, new CancellationToken(canceled: true));

        Assert.That(call.IsCanceled, Is.True);
        await Assert.ThrowsAsync<TaskCanceledException>(async () => await call);
        Assert.That(executions, Is.Zero);
    }

    [Test]
    public async Task A_joined_caller_that_cancels_stops_waiting_while_the_others_get_the_result()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        using var cancel = new CancellationTokenSource();
        ValueTask<int> Call(CancellationToken token) =>
            coalescer.RunValueTaskAsync(Operation, "k", gate, static (g, _) => new ValueTask<int>(g.Task), token);

        var leader = Call(CancellationToken.None).AsTask();
        var leaving = Call(cancel.Token).AsTask();
        var staying = Call(CancellationToken.None).AsTask();
        await cancel.CancelAsync();

        Assert.That(async () => await leaving.Bounded(), Throws.InstanceOf<OperationCanceledException>());
        gate.SetResult(3);
        Assert.That(await leader.Bounded(), Is.EqualTo(3));
        Assert.That(await staying.Bounded(), Is.EqualTo(3));
    }

    [Test]
    public void Null_arguments_are_rejected()
    {
        var coalescer = new Coalescer();
        Func<int, CancellationToken, ValueTask<int>> work = static (v, _) => new ValueTask<int>(v);

        Assert.Multiple(() =>
        {
            Assert.That(() => coalescer.RunValueTaskAsync(null!, "k", 0, work, CancellationToken.None), Throws.ArgumentNullException);
            Assert.That(() => coalescer.RunValueTaskAsync(Operation, null!, 0, work, CancellationToken.None), Throws.ArgumentNullException);
            Assert.That(() => coalescer.RunValueTaskAsync<int, int>(Operation, "k", 0, null!, CancellationToken.None), Throws.ArgumentNullException);
        });
    }
}
