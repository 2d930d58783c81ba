namespace SharedCall.Reliability.Tests.Pinned;

/// <summary>The overloads that take a <see cref="CoalescingOperation"/>: argument checks, work, and per-operation stats.</summary>
public class OperationOverloadTests
{
    private static readonly CoalescingOperation s_operation = new("IRepository.Get");

    [Test]
    public void Null_operation_throws_ArgumentNullException_naming_operation_on_every_overload()
    {
        var coalescer = new Coalescer();
        Assert.Multiple(() =>
        {
            Assert.That(() => coalescer.RunAsync(null!, "k", 1, static (s, _) => Task.FromResult(s)), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("operation"));
            Assert.That(() => coalescer.RunAsync(null!, "k", 1, static (_, _) => Task.CompletedTask), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("operation"));
            Assert.That(() => coalescer.Run(null!, "k", 1, static s => s), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("operation"));
            Assert.That(() => coalescer.Run(null!, "k", 1, static _ => { }), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("operation"));
            Assert.That(() => coalescer.Run(s_operation, "k", 1, (Action<int>)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("work"));
            Assert.That(() => coalescer.GetStats(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("operation"));
        });
    }

    [Test]
    public async Task Every_operation_overload_runs_its_work_and_counts_in_the_operation_stats()
    {
        var coalescer = new Coalescer();
        var ran = 0;
        Assert.That(await coalescer.RunAsync(s_operation, "a", 2, static (s, _) => Task.FromResult(s * 10)), Is.EqualTo(20));
        await coalescer.RunAsync(s_operation, "b", 3, (s, _) =>
        {
            ran += s;
            return Task.CompletedTask;
        });
        Assert.That(coalescer.Run(s_operation, "c", 4, static s => s * 10), Is.EqualTo(40));
        coalescer.Run(s_operation, "d", 5, s => ran += s);

        Assert.Multiple(() =>
        {
            Assert.That(ran, Is.EqualTo(8));
            Assert.That(coalescer.GetStats(s_operation.Name), Is.EqualTo(new CoalescingStats(0, 4, 0, 0)));
            Assert.That(coalescer.GetStats("never called"), Is.EqualTo(default(CoalescingStats)));
            Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(0, 4, 0, 0)));
        });
    }
}
