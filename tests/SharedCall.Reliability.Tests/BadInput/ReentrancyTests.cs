namespace SharedCall.Reliability.Tests.BadInput;

/// <summary>Work that calls the coalescer again with its own key.</summary>
public class ReentrancyTests
{
    [Test]
    public async Task Sync_work_calling_its_own_key_fails_the_execution_with_the_reentrance_error()
    {
        var coalescer = new Coalescer();
        Assert.That(
            () => coalescer.Run("self", () => coalescer.Run("self", () => 1)),
            Throws.InvalidOperationException.With.Message.Contains("'self'").And.Message.Contains("already being executed on this thread"));
        Assert.That(coalescer.GetStats().Errors, Is.EqualTo(1));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Sync_work_calling_its_own_key_through_another_key_fails_instead_of_deadlocking()
    {
        var coalescer = new Coalescer();
        var outer = Task.Run(() => coalescer.Run("a", () => coalescer.Run("b", () => coalescer.Run("a", () => 1))));
        Assert.That(
            async () => await outer.Bounded(),
            Throws.InvalidOperationException.With.Message.Contains("'a'"));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Sync_work_calling_its_own_key_async_fails_instead_of_deadlocking()
    {
        var coalescer = new Coalescer();
        Assert.That(
            () => coalescer.Run("self", () => coalescer.RunAsync("self", _ => Task.FromResult(1)).GetAwaiter().GetResult()),
            Throws.InvalidOperationException.With.Message.Contains("already being executed on this thread"));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Async_work_calling_its_own_key_before_its_first_await_fails_every_caller()
    {
        var coalescer = new Coalescer();
        var call = coalescer.RunAsync("self", token => coalescer.RunAsync("self", _ => Task.FromResult(1), token));
        Assert.That(
            async () => await call.Bounded(),
            Throws.InvalidOperationException.With.Message.Contains("already being executed on this thread"));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Async_work_calling_its_own_key_after_an_await_fails_when_detection_is_on()
    {
        var coalescer = new Coalescer(new CoalescerOptions { DetectReentrantAsyncCalls = true });
        var call = coalescer.RunAsync("self", async token =>
        {
            await Task.Yield();
            return await coalescer.RunAsync("self", _ => Task.FromResult(1), token);
        });
        Assert.That(
            async () => await call.Bounded(),
            Throws.InvalidOperationException.With.Message.Contains("already being executed"));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Async_work_calling_its_own_key_after_an_await_is_not_detected_by_default_but_the_inner_callers_token_ends_it()
    {
        // By default (DetectReentrantAsyncCalls off) the work after its first await cannot be told from an ordinary
        // joiner: the inner call waits for its own execution until its token ends the wait.
        var coalescer = new Coalescer();
        using var inner = new CancellationTokenSource();
        var call = coalescer.RunAsync("self", async _ =>
        {
            await Task.Yield();
            try
            {
                return await coalescer.RunAsync("self", _ => Task.FromResult(1), inner.Token);
            }
            catch (OperationCanceledException)
            {
                return -1;
            }
        });
        await Task.Delay(100);
        Assert.That(call.IsCompleted, Is.False, "the inner call joined its own execution");
        await inner.CancelAsync();

        Assert.That(await call.Bounded(), Is.EqualTo(-1));
        await Usable.AssertFullyUsableAsync(coalescer);
    }
}
