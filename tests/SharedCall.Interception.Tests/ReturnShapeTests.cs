namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 2 and 7: every return shape coalesces, and hands every caller the same exception.</summary>
public class ReturnShapeTests
{
    private const int Callers = 6;

    // Asynchronous shapes are called on the test thread: each call returns at once, the target still waits.
    // Synchronous shapes block their caller, so each runs on a thread of its own.
    private static readonly Dictionary<string, Func<IShapes, Task<object?>>> s_calls = new()
    {
        ["T"] = p => Bounded.OnThread<object?>(() => p.Value(4)),
        ["void"] = p => Bounded.OnThread<object?>(() =>
        {
            p.Void(4);
            return null;
        }),
        ["T with a CancellationToken"] = p => Bounded.OnThread<object?>(() => p.ValueWithToken(4, CancellationToken.None)),
        ["Task"] = async p =>
        {
            await p.Task(4);
            return null;
        },
        ["Task<T>"] = async p => await p.TaskOfT(4),
        ["ValueTask"] = async p =>
        {
            await p.ValueTask(4);
            return null;
        },
        ["ValueTask<T>"] = async p => await p.ValueTaskOfT(4),
    };

    private static readonly Dictionary<string, object?> s_expected = new()
    {
        ["T"] = 40,
        ["void"] = null,
        ["T with a CancellationToken"] = 40,
        ["Task"] = null,
        ["Task<T>"] = 40,
        ["ValueTask"] = null,
        ["ValueTask<T>"] = 40,
    };

    private static IEnumerable<string> Shapes => s_calls.Keys;

    [TestCaseSource(nameof(Shapes))]
    public async Task Concurrent_identical_calls_run_the_target_once_and_share_its_result(string shape)
    {
        var coalescer = new Coalescer();
        using var target = new GatedShapes();
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);

        var calls = Enumerable.Range(0, Callers).Select(_ => s_calls[shape](proxy)).ToList();
        await Bounded.UntilHitsAsync(coalescer, Callers - 1);
        target.Release();
        var results = await Task.WhenAll(calls).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(1));
            Assert.That(results, Is.All.EqualTo(s_expected[shape]));
            Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(Callers - 1, 1, 0, 0)));
        });
    }

    [TestCaseSource(nameof(Shapes))]
    public async Task Every_joined_caller_gets_the_targets_exception_object_with_its_stack_trace(string shape)
    {
        var coalescer = new Coalescer();
        var failure = new InvalidOperationException("the database is down");
        using var target = new GatedShapes { Failure = failure };
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);

        var calls = Enumerable.Range(0, Callers).Select(_ => s_calls[shape](proxy)).ToList();
        await Bounded.UntilHitsAsync(coalescer, Callers - 1);
        target.Release();
        var caught = new List<Exception>();
        foreach (var call in calls)
        {
            try
            {
                await call.WaitAsync(Bounded.Timeout);
            }
            catch (InvalidOperationException exception)
            {
                caught.Add(exception);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(1));
            Assert.That(caught, Has.Count.EqualTo(Callers).And.All.SameAs(failure));
            Assert.That(failure.StackTrace, Does.Contain(nameof(GatedShapes)));
            Assert.That(coalescer.GetStats().Errors, Is.EqualTo(1));
        });
    }

    [TestCaseSource(nameof(Shapes))]
    public async Task A_call_after_the_execution_completed_runs_the_target_again(string shape)
    {
        var coalescer = new Coalescer();
        using var target = new GatedShapes();
        target.Release();
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);

        await s_calls[shape](proxy).WaitAsync(Bounded.Timeout);
        await s_calls[shape](proxy).WaitAsync(Bounded.Timeout);

        Assert.That(target.Calls, Is.EqualTo(2));
    }
}
