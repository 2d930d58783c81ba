using System.Runtime.CompilerServices;

namespace SharedCall.Tests;

public class RunSyncTests
{
    [Test]
    public void The_leader_runs_the_work_on_the_calling_thread_and_returns_its_result()
    {
        var coalescer = new Coalescer();
        var thread = 0;
        var result = coalescer.Run("k", () =>
        {
            thread = Environment.CurrentManagedThreadId;
            return 42;
        });

        Assert.That(result, Is.EqualTo(42));
        Assert.That(thread, Is.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task Joiners_block_until_the_leader_finishes_and_get_its_result()
    {
        var coalescer = new Coalescer();
        var inWork = Bounded.Gate<bool>();
        using var release = new ManualResetEventSlim();
        var executions = 0;
        int Work()
        {
            Interlocked.Increment(ref executions);
            inWork.TrySetResult(true);
            release.Wait(Bounded.Timeout);
            return 7;
        }

        var leader = Task.Run(() => coalescer.Run("k", Work));
        await inWork.Task.Bounded();
        var joiners = Enumerable.Range(0, 8).Select(_ => Task.Run(() => coalescer.Run("k", Work))).ToArray();
        await Bounded.UntilAsync(() => coalescer.GetStats().Hits == 8, "eight callers joined");
        Assert.That(joiners.Any(j => j.IsCompleted), Is.False, "joiners wait for the leader");

        release.Set();
        var results = await Task.WhenAll(joiners.Append(leader)).Bounded();

        Assert.That(results, Has.All.EqualTo(7));
        Assert.That(executions, Is.EqualTo(1));
    }

    [Test]
    public async Task A_failure_reaches_the_leader_and_every_joiner_as_the_same_exception_with_its_stack_trace()
    {
        var coalescer = new Coalescer();
        var inWork = Bounded.Gate<bool>();
        using var release = new ManualResetEventSlim();
        int Work()
        {
            inWork.TrySetResult(true);
            release.Wait(Bounded.Timeout);
            ThrowFromNamedMethod();
            return 0;
        }

        var leader = Task.Run(() => Capture(() => coalescer.Run("k", Work)));
        await inWork.Task.Bounded();
        var joiner = Task.Run(() => Capture(() => coalescer.Run("k", Work)));
        await Bounded.UntilAsync(() => coalescer.GetStats().Hits == 1, "the caller joined");
        release.Set();

        var leaderException = await leader.Bounded();
        var joinerException = await joiner.Bounded();
        Assert.That(leaderException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(joinerException, Is.SameAs(leaderException));
        Assert.That(joinerException!.StackTrace, Does.Contain(nameof(ThrowFromNamedMethod)));
        Assert.That(coalescer.GetStats().Errors, Is.EqualTo(1));
    }

    [Test]
    public void Action_work_is_coalesced_and_its_exception_rethrown()
    {
        var coalescer = new Coalescer();
        var ran = 0;
        coalescer.Run("k", () => { ran++; });
        Assert.That(ran, Is.EqualTo(1));
        Assert.That(() => coalescer.Run("k", () => throw new FormatException()), Throws.TypeOf<FormatException>());
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public void A_reentrant_call_for_the_same_key_on_the_leading_thread_throws_instead_of_deadlocking()
    {
        var coalescer = new Coalescer();
        var exception = Assert.Throws<InvalidOperationException>(() =>
            coalescer.Run("k", () => coalescer.Run("k", () => 1)));

        Assert.That(exception!.Message, Does.Contain("'k'").And.Contain("deadlock"));
        Assert.That(coalescer.InFlightCount, Is.Zero, "the failed execution freed its key");
        Assert.That(coalescer.Run("k", () => 2), Is.EqualTo(2));
    }

    [Test]
    public void A_reentrant_async_call_from_sync_work_on_the_leading_thread_throws()
    {
        var coalescer = new Coalescer();
        Assert.Throws<InvalidOperationException>(() =>
            coalescer.Run("k", () => coalescer.RunAsync("k", _ => Task.FromResult(1)).Result));
    }

    [Test]
    public void A_reentrant_sync_call_before_the_first_await_of_async_work_throws()
    {
        var coalescer = new Coalescer();
        var call = coalescer.RunAsync("k", _ => Task.FromResult(coalescer.Run("k", () => 1)));
        Assert.That(async () => await call, Throws.InvalidOperationException);
    }

    [Test]
    public void A_nested_call_for_another_key_is_allowed()
    {
        var coalescer = new Coalescer();
        var result = coalescer.Run("outer", () => coalescer.Run("inner", () => 1) + 1);
        Assert.That(result, Is.EqualTo(2));
    }

    [Test]
    public async Task Sync_and_async_callers_of_one_key_share_one_execution()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var executions = 0;
        var asyncLeader = coalescer.RunAsync("k", _ =>
        {
            Interlocked.Increment(ref executions);
            return gate.Task;
        });
        var syncJoiner = Task.Run(() => coalescer.Run("k", () => Interlocked.Increment(ref executions)));
        await Bounded.UntilAsync(() => coalescer.GetStats().Hits == 1, "the sync caller joined");
        gate.SetResult(5);

        Assert.That(await syncJoiner.Bounded(), Is.EqualTo(5));
        Assert.That(await asyncLeader.Bounded(), Is.EqualTo(5));
        Assert.That(executions, Is.EqualTo(1));
    }

    [Test]
    public async Task An_async_caller_joins_a_sync_leader()
    {
        var coalescer = new Coalescer();
        var inWork = Bounded.Gate<bool>();
        using var release = new ManualResetEventSlim();
        var leader = Task.Run(() => coalescer.Run("k", () =>
        {
            inWork.SetResult(true);
            release.Wait(Bounded.Timeout);
            return "sync";
        }));
        await inWork.Task.Bounded();
        var joiner = coalescer.RunAsync("k", _ => Task.FromResult("async"));
        release.Set();

        Assert.That(await joiner.Bounded(), Is.EqualTo("sync"));
        Assert.That(await leader.Bounded(), Is.EqualTo("sync"));
    }

    private static Exception? Capture(Func<int> call)
    {
        try
        {
            call();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFromNamedMethod() => throw new InvalidOperationException("failed in the work");
}

public class AsyncReentranceTests
{
    [Test]
    public async Task With_detection_on_a_call_for_its_own_key_after_an_await_throws_and_the_key_is_freed()
    {
        var coalescer = new Coalescer(new CoalescerOptions { DetectReentrantAsyncCalls = true });
        Task<int> Outer() => coalescer.RunAsync("k", async ct =>
        {
            await Task.Yield();
            return await coalescer.RunAsync("k", _ => Task.FromResult(1), ct) + 1;
        });

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Outer().Bounded());
        Assert.That(exception!.Message, Does.Contain("'k'"));
        Assert.That(coalescer.InFlightCount, Is.Zero);
        Assert.That(await coalescer.RunAsync("k", _ => Task.FromResult(5)).Bounded(), Is.EqualTo(5));
        await Task.CompletedTask;
    }

    [Test]
    public async Task With_detection_on_nested_calls_for_other_keys_still_work_and_an_outer_key_is_caught()
    {
        var coalescer = new Coalescer(new CoalescerOptions { DetectReentrantAsyncCalls = true });
        var nested = await coalescer.RunAsync("a", async _ =>
        {
            await Task.Yield();
            return await coalescer.RunAsync("b", async _ =>
            {
                await Task.Yield();
                return 2;
            }) + 1;
        }).Bounded();
        Assert.That(nested, Is.EqualTo(3));

        var cycle = coalescer.RunAsync("a", async _ =>
        {
            await Task.Yield();
            return await coalescer.RunAsync("b", async _ =>
            {
                await Task.Yield();
                return await coalescer.RunAsync("a", _ => Task.FromResult(0));
            });
        });
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cycle.Bounded());
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task Callers_outside_the_work_still_join_when_detection_is_on()
    {
        var coalescer = new Coalescer(new CoalescerOptions { DetectReentrantAsyncCalls = true });
        var gate = Bounded.Gate<int>();
        var first = coalescer.RunAsync("k", _ => gate.Task);
        var second = coalescer.RunAsync("k", _ => gate.Task);
        gate.SetResult(4);

        Assert.That(await Task.WhenAll(first, second).Bounded(), Has.All.EqualTo(4));
        Assert.That(coalescer.GetStats().Hits, Is.EqualTo(1));
    }
}
