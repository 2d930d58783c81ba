namespace SharedCall.Tests;

public class CancellationTests
{
    [Test]
    public async Task A_cancelled_caller_stops_waiting_at_once_and_the_others_keep_waiting()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        using var cancelled = new CancellationTokenSource();
        var workToken = CancellationToken.None;
        var leader = coalescer.RunAsync("k", token =>
        {
            workToken = token;
            return gate.Task;
        });
        var quitter = coalescer.RunAsync("k", _ => gate.Task, cancelled.Token);
        var stayer = coalescer.RunAsync("k", _ => gate.Task, CancellationToken.None);

        cancelled.Cancel();
        var exception = await Assert.CatchAsync<OperationCanceledException>(async () => await quitter.Bounded());
        Assert.That(exception!.CancellationToken, Is.EqualTo(cancelled.Token));
        Assert.That(leader.IsCompleted || stayer.IsCompleted, Is.False);
        Assert.That(workToken.IsCancellationRequested, Is.False);

        gate.SetResult(9);
        Assert.That(await leader.Bounded(), Is.EqualTo(9));
        Assert.That(await stayer.Bounded(), Is.EqualTo(9));
    }

    [Test]
    public async Task The_work_token_is_cancelled_only_when_every_caller_has_cancelled()
    {
        var coalescer = new Coalescer();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        using var third = new CancellationTokenSource();
        var workToken = CancellationToken.None;
        var workSawCancellation = Bounded.Gate<bool>();
        var calls = new[] { first, second, third }
            .Select(source => coalescer.RunAsync("k", async token =>
            {
                workToken = token;
                await Task.Delay(Timeout.Infinite, token);
                return 0;
            }, source.Token))
            .ToArray();
        workToken.Register(() => workSawCancellation.SetResult(true));

        first.Cancel();
        second.Cancel();
        Assert.That(workToken.IsCancellationRequested, Is.False, "one caller still waits");
        third.Cancel();
        Assert.That(workToken.IsCancellationRequested, Is.True);
        await workSawCancellation.Task.Bounded();

        foreach (var call in calls)
        {
            await Assert.CatchAsync<OperationCanceledException>(async () => await call.Bounded());
        }

        await Bounded.UntilAsync(() => coalescer.GetStats().Active == 0, "the cancelled execution ended");
    }

    [Test]
    public async Task A_caller_that_cannot_cancel_keeps_the_work_token_alive()
    {
        var coalescer = new Coalescer();
        using var cancellable = new CancellationTokenSource();
        var gate = Bounded.Gate<int>();
        var workToken = CancellationToken.None;
        var leader = coalescer.RunAsync("k", token =>
        {
            workToken = token;
            return gate.Task;
        }, cancellable.Token);
        var patient = coalescer.RunAsync("k", _ => gate.Task);

        cancellable.Cancel();
        await Assert.CatchAsync<OperationCanceledException>(async () => await leader.Bounded());
        Assert.That(workToken.IsCancellationRequested, Is.False);
        gate.SetResult(4);
        Assert.That(await patient.Bounded(), Is.EqualTo(4));
    }

    [Test]
    public void The_work_token_cannot_be_cancelled_when_the_leader_cannot_cancel()
    {
        var coalescer = new Coalescer();
        var canBeCanceled = true;
        coalescer.RunAsync("k", token =>
        {
            canBeCanceled = token.CanBeCanceled;
            return Task.FromResult(0);
        });
        Assert.That(canBeCanceled, Is.False);
    }

    [Test]
    public async Task After_every_caller_cancelled_a_new_caller_starts_a_fresh_execution()
    {
        var coalescer = new Coalescer();
        using var source = new CancellationTokenSource();
        var ignoresItsToken = Bounded.Gate<string>();
        var abandoned = coalescer.RunAsync("k", _ => ignoresItsToken.Task, source.Token);
        source.Cancel();
        await Assert.CatchAsync<OperationCanceledException>(async () => await abandoned.Bounded());

        var fresh = await coalescer.RunAsync("k", _ => Task.FromResult("fresh")).Bounded();

        Assert.That(fresh, Is.EqualTo("fresh"));
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(2));
        Assert.That(coalescer.GetStats().Hits, Is.Zero);
        ignoresItsToken.SetResult("stale");
    }

    [Test]
    public async Task A_caller_whose_token_is_already_cancelled_never_starts_an_execution()
    {
        var coalescer = new Coalescer();
        var executions = 0;
        var call = coalescer.RunAsync("k", _ =>
        {
            executions++;
            return Task.FromResult(1);
        }, new CancellationToken(canceled: true));

        Assert.That(call.IsCanceled, Is.True);
        Assert.That(executions, Is.Zero);
        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(0, 0, 0, 0)));
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_cancelled_caller_does_not_count_the_execution_as_failed()
    {
        var coalescer = new Coalescer();
        using var source = new CancellationTokenSource();
        var gate = Bounded.Gate<int>();
        var call = coalescer.RunAsync("k", _ => gate.Task, source.Token);
        source.Cancel();
        await Assert.CatchAsync<OperationCanceledException>(async () => await call.Bounded());
        gate.SetResult(1);
        await Bounded.UntilAsync(() => coalescer.GetStats().Active == 0, "the execution ended");

        Assert.That(coalescer.GetStats().Errors, Is.Zero);
    }

    [Test]
    public async Task Work_that_observes_its_cancelled_token_ends_as_cancelled_for_callers_that_did_not_cancel()
    {
        var coalescer = new Coalescer();
        var call = coalescer.RunAsync<int>("k", _ => Task.FromCanceled<int>(new CancellationToken(true)));
        await Assert.CatchAsync<OperationCanceledException>(async () => await call.Bounded());

        var sync = coalescer.RunAsync<int>("k", _ => throw new OperationCanceledException());
        Assert.That(sync.IsCanceled, Is.True);
        await Task.CompletedTask;
    }
}
