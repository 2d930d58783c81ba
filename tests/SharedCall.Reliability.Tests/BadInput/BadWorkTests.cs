namespace SharedCall.Reliability.Tests.BadInput;

/// <summary>Null work, null tasks, one key with two result types, and keys too large or too odd to print.</summary>
public class BadWorkTests
{
    [Test]
    public async Task Null_work_throws_ArgumentNullException_naming_work_on_every_entry_point()
    {
        var coalescer = new Coalescer();
        Assert.Multiple(() =>
        {
            Assert.That(() => coalescer.Run<int>("k", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
            Assert.That(() => coalescer.Run("k", (Action)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
            Assert.That(() => coalescer.Run<int, int>("k", 1, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
            Assert.That(() => coalescer.RunAsync<int>("k", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
            Assert.That(() => coalescer.RunAsync("k", (Func<CancellationToken, Task>)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
            Assert.That(() => coalescer.RunAsync<int, int>("k", 1, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
            Assert.That(() => coalescer.RunAsync<int>("k", 1, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
        });
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Work_returning_a_null_task_fails_every_caller_with_InvalidOperationException_naming_the_key()
    {
        var coalescer = new Coalescer();
        var typed = coalescer.RunAsync<int>("null task", _ => null!);
        var untyped = coalescer.RunAsync("null void task", _ => null!);

        Assert.Multiple(() =>
        {
            Assert.That(async () => await typed, Throws.InvalidOperationException.With.Message.Contains("'null task'").And.Message.Contains("null Task"));
            Assert.That(async () => await untyped, Throws.InvalidOperationException.With.Message.Contains("'null void task'"));
        });
        Assert.That(coalescer.GetStats().Errors, Is.EqualTo(2));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task One_key_with_two_result_types_fails_the_second_caller_at_call_time_and_not_the_first()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = coalescer.RunAsync("shared", _ => gate.Task);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => coalescer.RunAsync("shared", _ => Task.FromResult("text")),
                Throws.InvalidOperationException.With.Message.Contains("'shared'").And.Message.Contains("System.Int32").And.Message.Contains("System.String"));
            Assert.That(() => coalescer.Run("shared", () => 1L), Throws.InvalidOperationException.With.Message.Contains("System.Int64"));
            Assert.That(() => coalescer.Run("shared", () => { }), Throws.InvalidOperationException.With.Message.Contains("'shared'"));
        });
        gate.SetResult(1);
        Assert.That(await first.Bounded(), Is.EqualTo(1));
        Assert.That(await coalescer.RunAsync("shared", _ => Task.FromResult("text")), Is.EqualTo("text"), "free again, for any type");
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Huge_key_coalesces_by_value_and_error_messages_stay_short()
    {
        var coalescer = new Coalescer();
        var huge = new string('x', 10_000_000);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = coalescer.RunAsync(huge, _ => gate.Task);
        var joiner = coalescer.RunAsync(new string('x', 10_000_000), _ => Task.FromResult(-1));

        Assert.That(
            () => coalescer.Run(huge, () => "other type"),
            Throws.InvalidOperationException.With.Message.Length.LessThan(1_000));
        gate.SetResult(1);
        Assert.That(await Task.WhenAll(leader, joiner).Bounded(), Is.All.EqualTo(1));
        Assert.That(
            async () => await coalescer.RunAsync<int>(huge, _ => null!),
            Throws.InvalidOperationException.With.Message.Length.LessThan(1_000));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Key_whose_ToString_throws_still_gets_the_specific_exception()
    {
        var coalescer = new Coalescer();
        var key = new ThrowingToStringKey();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = coalescer.RunAsync(key, _ => gate.Task);

        Assert.That(() => coalescer.Run(key, () => "other type"), Throws.InvalidOperationException.With.Message.Contains("result type"));
        gate.SetResult(1);
        await first;
        Assert.That(async () => await coalescer.RunAsync<int>(key, _ => null!), Throws.InvalidOperationException.With.Message.Contains("null Task"));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Huge_state_and_huge_results_are_handed_over_untouched()
    {
        var coalescer = new Coalescer();
        var state = new int[5_000_000];
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = coalescer.RunAsync("big", state, async (s, _) =>
        {
            await gate.Task;
            return s;
        });
        var joiner = coalescer.RunAsync("big", new int[1], static (s, _) => Task.FromResult(s));
        gate.SetResult();

        var results = await Task.WhenAll(leader, joiner).Bounded();
        Assert.That(results, Is.All.SameAs(state));
        await Usable.AssertFullyUsableAsync(coalescer);
    }
}
