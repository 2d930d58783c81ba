using Microsoft.Extensions.Time.Testing;

namespace SharedCall.Tests;

/// <summary>An execution that runs past its operation's timeout fails every caller still waiting, and frees its key.</summary>
public class TimeoutTests
{
    private readonly FakeTimeProvider _time = new();

    private static CoalescingOperation Operation(TimeSpan timeout) => new("IRepo.GetAsync") { Timeout = timeout };

    [Test]
    public async Task Callers_get_a_TimeoutException_naming_the_operation_and_the_timeout_and_the_key_is_freed()
    {
        var coalescer = new Coalescer(new CoalescerOptions { TimeProvider = _time });
        var operation = Operation(TimeSpan.FromSeconds(5));
        var hung = new TaskCompletionSource<int>();
        CancellationToken workToken = default;
        Func<int, CancellationToken, Task<int>> work = (_, token) =>
        {
            workToken = token;
            return hung.Task;
        };

        var leader = coalescer.RunAsync(operation, "secret-key", 0, work);
        var joined = coalescer.RunAsync(operation, "secret-key", 0, work, new CancellationTokenSource().Token);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(leader.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<TimeoutException>(async () => await leader.WaitAsync(Bounded.Timeout));
        await Assert.ThrowsAsync<TimeoutException>(async () => await joined.WaitAsync(Bounded.Timeout));
        Assert.That(error!.Message, Does.Contain("IRepo.GetAsync").And.Contain("5000 ms").And.Not.Contain("secret-key"));
        Assert.That(workToken.IsCancellationRequested, Is.True, "the work's token is cancelled");
        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(1, 1, 1, 0)));

        // The key is free: the next caller starts a new execution.
        var next = coalescer.RunAsync(operation, "secret-key", 0, static (_, _) => Task.FromResult(7));
        Assert.That(await next.WaitAsync(Bounded.Timeout), Is.EqualTo(7));

        // The hung work's late outcome is dropped: nobody sees it, and stats do not move.
        hung.SetException(new InvalidOperationException("late"));
        Assert.That(coalescer.GetStats().Errors, Is.EqualTo(1));
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(2));
    }

    [Test]
    public async Task Work_that_completes_in_time_is_unaffected_and_its_timer_is_stopped()
    {
        var coalescer = new Coalescer(new CoalescerOptions { TimeProvider = _time });
        var operation = Operation(TimeSpan.FromSeconds(1));
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = coalescer.RunAsync(operation, "k", 0, (_, _) => gate.Task);
        gate.SetResult(3);
        Assert.That(await call.WaitAsync(Bounded.Timeout), Is.EqualTo(3));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(0, 1, 0, 0)));
    }

    [Test]
    public async Task A_synchronous_leader_returns_its_own_result_while_its_joined_callers_time_out()
    {
        var coalescer = new Coalescer(new CoalescerOptions { TimeProvider = _time });
        var operation = Operation(TimeSpan.FromSeconds(1));
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        var leader = Task.Factory.StartNew(
            () => coalescer.Run(operation, "k", 0, _ =>
            {
                started.Set();
                release.Wait(Bounded.Timeout);
                return 1;
            }),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.That(started.Wait(Bounded.Timeout), Is.True);
        var joined = Task.Factory.StartNew(() => coalescer.Run(operation, "k", 0, _ => 2), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var deadline = DateTime.UtcNow + Bounded.Timeout;
        while (coalescer.GetStats().Hits == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutException>(async () => await joined.WaitAsync(Bounded.Timeout));
        Assert.That(leader.IsCompleted, Is.False, "a synchronous leader cannot be interrupted");

        // Meanwhile the key is free: a new synchronous execution runs.
        Assert.That(coalescer.Run(operation, "k", 0, _ => 3), Is.EqualTo(3));
        release.Set();
        Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(1));
        Assert.That(coalescer.GetStats().Errors, Is.EqualTo(1));
    }

    [Test]
    public void A_timeout_that_is_not_positive_or_infinite_is_rejected_when_set()
    {
        var operation = new CoalescingOperation("op");
        Assert.That(() => operation.Timeout = TimeSpan.FromSeconds(-1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contain("op"));
        Assert.That(() => operation.Timeout = TimeSpan.Zero, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => operation.ReuseFor = TimeSpan.FromMilliseconds(-5), Throws.InstanceOf<ArgumentOutOfRangeException>());
        operation.Timeout = Timeout.InfiniteTimeSpan;
        operation.ReuseFor = Timeout.InfiniteTimeSpan;
        Assert.That(operation.Timeout, Is.EqualTo(Timeout.InfiniteTimeSpan));
        Assert.That(operation.ReuseFor, Is.EqualTo(Timeout.InfiniteTimeSpan));
        Assert.That(new CoalescingOperation("none").ReuseFor, Is.EqualTo(TimeSpan.Zero));
        Assert.That(() => new Coalescer(new CoalescerOptions { TimeProvider = null! }), Throws.ArgumentException);
    }
}
