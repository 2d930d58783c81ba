namespace SharedCall.Tests;

public class BadInputTests
{
    private static readonly Coalescer Shared = new();

    private static IEnumerable<TestCaseData> NullArguments()
    {
        yield return new TestCaseData((Action)(() => Shared.RunAsync<int>(null!, _ => Task.FromResult(1))), "key").SetName("RunAsync<T> null key");
        yield return new TestCaseData((Action)(() => Shared.RunAsync<int>("k", null!)), "work").SetName("RunAsync<T> null work");
        yield return new TestCaseData((Action)(() => Shared.RunAsync(null!, _ => Task.CompletedTask)), "key").SetName("RunAsync null key");
        yield return new TestCaseData((Action)(() => Shared.RunAsync("k", (Func<CancellationToken, Task>)null!)), "work").SetName("RunAsync null work");
        yield return new TestCaseData((Action)(() => Shared.RunAsync(null!, 1, (s, _) => Task.FromResult(s))), "key").SetName("RunAsync<TState,T> null key");
        yield return new TestCaseData((Action)(() => Shared.RunAsync("k", 1, (Func<int, CancellationToken, Task<int>>)null!)), "work").SetName("RunAsync<TState,T> null work");
        yield return new TestCaseData((Action)(() => Shared.Run<int>(null!, () => 1)), "key").SetName("Run<T> null key");
        yield return new TestCaseData((Action)(() => Shared.Run<int>("k", null!)), "work").SetName("Run<T> null work");
        yield return new TestCaseData((Action)(() => Shared.Run(null!, () => { })), "key").SetName("Run null key");
        yield return new TestCaseData((Action)(() => Shared.Run("k", (Action)null!)), "work").SetName("Run null work");
        yield return new TestCaseData((Action)(() => Shared.Run(null!, 1, s => s)), "key").SetName("Run<TState,T> null key");
        yield return new TestCaseData((Action)(() => _ = new Coalescer(null!)), "options").SetName("Coalescer null options");
    }

    [TestCaseSource(nameof(NullArguments))]
    public void Null_arguments_throw_ArgumentNullException_naming_the_parameter(Action call, string parameter)
    {
        Assert.That(call, Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(parameter));
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase(null)]
    public void An_empty_name_is_rejected(string? name)
    {
        Assert.That(() => new Coalescer(new CoalescerOptions { Name = name! }), Throws.ArgumentException.With.Property("ParamName").EqualTo("options"));
    }

    [Test]
    public void Options_are_copied_when_the_coalescer_is_made()
    {
        var options = new CoalescerOptions { Name = "orders" };
        var coalescer = new Coalescer(options);
        options.Name = "changed";
        Assert.That(coalescer.Name, Is.EqualTo("orders"));
        Assert.That(new Coalescer().Name, Is.EqualTo("default"));
    }

    [Test]
    public async Task A_key_whose_GetHashCode_throws_fails_only_its_own_caller()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var healthy = coalescer.RunAsync("healthy", _ => gate.Task);

        Assert.That(() => coalescer.RunAsync(new ThrowingKey(throwOnHash: true), _ => Task.FromResult(1)), Throws.TypeOf<KeyFailureException>());
        Assert.That(() => coalescer.Run(new ThrowingKey(throwOnHash: true), () => 1), Throws.TypeOf<KeyFailureException>());

        gate.SetResult(3);
        Assert.That(await healthy.Bounded(), Is.EqualTo(3));
        Assert.That(coalescer.InFlightCount, Is.Zero);
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(1));
    }

    [Test]
    public async Task A_key_whose_Equals_throws_still_frees_its_entry_when_its_execution_completes()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var key = new ThrowingKey(throwOnHash: false);
        var call = coalescer.RunAsync(key, _ => gate.Task);

        Assert.That(() => coalescer.RunAsync(new ThrowingKey(throwOnHash: false), _ => Task.FromResult(2)), Throws.TypeOf<KeyFailureException>());
        gate.SetResult(1);

        Assert.That(await call.Bounded(), Is.EqualTo(1));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task One_key_used_with_two_result_types_fails_the_second_caller_clearly()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var first = coalescer.RunAsync("k", _ => gate.Task);

        var exception = Assert.Throws<InvalidOperationException>(() => coalescer.RunAsync("k", _ => Task.FromResult("text")));
        Assert.That(exception!.Message, Does.Contain("System.Int32").And.Contain("System.String").And.Contain("'k'"));
        Assert.Throws<InvalidOperationException>(() => coalescer.RunAsync("k", _ => Task.CompletedTask));

        gate.SetResult(1);
        Assert.That(await first.Bounded(), Is.EqualTo(1));
        Assert.That(await coalescer.RunAsync("k", _ => Task.FromResult("text")).Bounded(), Is.EqualTo("text"));
    }

    private sealed class KeyFailureException : Exception
    {
    }

    /// <summary>A key whose hash code is constant and whose Equals throws against any other instance.</summary>
    private sealed class ThrowingKey(bool throwOnHash)
    {
        public override int GetHashCode() => throwOnHash ? throw new KeyFailureException() : 17;

        public override bool Equals(object? obj) => ReferenceEquals(this, obj) ? true : throw new KeyFailureException();
    }
}
