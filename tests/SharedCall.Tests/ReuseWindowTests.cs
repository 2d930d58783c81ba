using Microsoft.Extensions.Time.Testing;

namespace SharedCall.Tests;

/// <summary>A successful result stays available for an operation's reuse window, and only then.</summary>
public class ReuseWindowTests
{
    private readonly FakeTimeProvider _time = new();

    private Coalescer NewCoalescer() => new(new CoalescerOptions { TimeProvider = _time });

    [Test]
    public async Task Callers_in_the_window_get_the_result_without_an_execution_and_count_as_hits()
    {
        var coalescer = NewCoalescer();
        var operation = new CoalescingOperation("op") { ReuseFor = TimeSpan.FromMilliseconds(200) };
        var runs = 0;
        Func<int, CancellationToken, Task<int>> work = (_, _) => Task.FromResult(Interlocked.Increment(ref runs));

        Assert.That(await coalescer.RunAsync(operation, "k", 0, work), Is.EqualTo(1));
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.That(await coalescer.RunAsync(operation, "k", 0, work), Is.EqualTo(1));
        Assert.That(await coalescer.RunAsync(operation, "k", 0, work, new CancellationTokenSource().Token), Is.EqualTo(1));
        Assert.That(coalescer.Run(operation, "k", 0, _ => 99), Is.EqualTo(1), "a synchronous caller is served the same result");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await coalescer.RunAsync(operation, "k", 0, work), Is.EqualTo(2));

        Assert.That(runs, Is.EqualTo(2));
        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(3, 2, 0, 0)));
    }

    [Test]
    public void A_synchronous_result_is_reused_too()
    {
        var coalescer = NewCoalescer();
        var operation = new CoalescingOperation("op") { ReuseFor = TimeSpan.FromSeconds(1) };
        var runs = 0;

        coalescer.Run(operation, "k", 0, _ => Interlocked.Increment(ref runs));
        var second = coalescer.Run(operation, "k", 0, _ => Interlocked.Increment(ref runs));

        Assert.That((second, runs), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Failures_are_never_reused()
    {
        var coalescer = NewCoalescer();
        var operation = new CoalescingOperation("op") { ReuseFor = TimeSpan.FromSeconds(1) };
        var runs = 0;

        Assert.Throws<InvalidOperationException>(() => coalescer.Run<int, int>(operation, "k", 0, _ =>
        {
            runs++;
            throw new InvalidOperationException();
        }));
        Assert.That(coalescer.Run(operation, "k", 0, _ => ++runs), Is.EqualTo(2));
    }

    [Test]
    public async Task Forget_and_ForgetAll_end_a_window_at_once()
    {
        var coalescer = NewCoalescer();
        var operation = new CoalescingOperation("op") { ReuseFor = TimeSpan.FromSeconds(10) };
        var runs = 0;
        Func<int, CancellationToken, Task<int>> work = (_, _) => Task.FromResult(Interlocked.Increment(ref runs));

        await coalescer.RunAsync(operation, "a", 0, work);
        await coalescer.RunAsync(operation, "b", 0, work);
        Assert.That(coalescer.Forget("a"), Is.True, "Forget ended a window");
        Assert.That(coalescer.Forget("a"), Is.False);
        Assert.That(await coalescer.RunAsync(operation, "a", 0, work), Is.EqualTo(3));
        coalescer.ForgetAll();
        Assert.That(await coalescer.RunAsync(operation, "b", 0, work), Is.EqualTo(4));

        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.That(coalescer.Forget("a"), Is.False, "a window that is over ended nothing");
    }

    [Test]
    public async Task A_hundred_thousand_keys_used_once_leave_nothing_in_the_table_once_their_windows_are_over()
    {
        var coalescer = NewCoalescer();
        var operation = new CoalescingOperation("op") { ReuseFor = TimeSpan.FromSeconds(1) };
        Func<int, CancellationToken, Task<int>> work = static (state, _) => Task.FromResult(state);

        for (var i = 0; i < 100_000; i++)
        {
            await coalescer.RunAsync(operation, i, i, work);
        }

        Assert.That(coalescer.InFlightCount, Is.EqualTo(100_000));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(coalescer.InFlightCount, Is.Zero);
        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(0, 100_000, 0, 0)));
    }
}
