using System.Runtime.CompilerServices;

namespace SharedCall.Tests;

public class RunAsyncTests
{
    [Test]
    public async Task Callers_with_an_equal_key_join_the_execution_in_flight_and_get_its_result()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<string>();
        var executions = 0;

        var calls = Enumerable.Range(0, 100)
            .Select(_ => coalescer.RunAsync("k", _ =>
            {
                Interlocked.Increment(ref executions);
                return gate.Task;
            }))
            .ToArray();
        gate.SetResult("value");
        var results = await Task.WhenAll(calls).Bounded();

        Assert.That(executions, Is.EqualTo(1));
        Assert.That(results, Has.All.EqualTo("value"));
    }

    [Test]
    public async Task Every_caller_receives_the_same_result_object()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<object>();
        var first = coalescer.RunAsync("k", _ => gate.Task);
        var second = coalescer.RunAsync("k", _ => gate.Task);
        var value = new object();
        gate.SetResult(value);

        Assert.That(await first.Bounded(), Is.SameAs(value));
        Assert.That(await second.Bounded(), Is.SameAs(value));
    }

    [Test]
    public async Task Keys_are_compared_with_Equals_not_by_reference()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var executions = 0;
        Task<int> Call(object key) => coalescer.RunAsync(key, _ =>
        {
            Interlocked.Increment(ref executions);
            return gate.Task;
        });

        var a = Call(("user", 42));
        var b = Call(("user", 42));
        var c = Call(new string('x', 3));
        var d = Call(new string('x', 3));
        gate.SetResult(1);
        await Task.WhenAll(a, b, c, d).Bounded();

        Assert.That(executions, Is.EqualTo(2));
    }

    [Test]
    public async Task Different_keys_run_separately()
    {
        var coalescer = new Coalescer();
        var a = coalescer.RunAsync("a", _ => Task.FromResult(1));
        var b = coalescer.RunAsync("b", _ => Task.FromResult(2));

        Assert.That(await a.Bounded(), Is.EqualTo(1));
        Assert.That(await b.Bounded(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_failure_reaches_every_caller_as_the_original_exception_with_its_stack_trace()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<bool>();
        var calls = Enumerable.Range(0, 10)
            .Select(_ => coalescer.RunAsync("k", async _ =>
            {
                await gate.Task;
                ThrowFromNamedMethod();
                return 0;
            }))
            .ToArray();
        gate.SetResult(true);

        var caught = new List<Exception>();
        foreach (var call in calls)
        {
            try
            {
                await call.Bounded();
            }
            catch (InvalidOperationException exception)
            {
                caught.Add(exception);
            }
        }

        Assert.That(caught, Has.Count.EqualTo(10));
        Assert.That(caught.Distinct(), Has.Exactly(1).Items, "every caller gets the same exception object");
        Assert.That(caught[0].StackTrace, Does.Contain(nameof(ThrowFromNamedMethod)));
    }

    [Test]
    public void A_failure_is_not_wrapped_in_an_AggregateException()
    {
        var coalescer = new Coalescer();
        Assert.That(
            async () => await coalescer.RunAsync<int>("k", _ => throw new TimeoutException("boom")),
            Throws.TypeOf<TimeoutException>().With.Message.EqualTo("boom"));
    }

    [Test]
    public async Task A_synchronous_throw_before_the_first_await_fails_the_call_not_RunAsync_itself()
    {
        var coalescer = new Coalescer();
        var joinerGate = Bounded.Gate<int>();

        // A throw out of RunAsync itself would fail the test right here.
        var call = coalescer.RunAsync<int>("k", _ => throw new FormatException("sync"));
        Assert.That(call.IsFaulted, Is.True);
        Assert.That(async () => await call, Throws.TypeOf<FormatException>());

        // The key is free again after the synchronous failure.
        var next = coalescer.RunAsync("k", _ => joinerGate.Task);
        joinerGate.SetResult(5);
        Assert.That(await next.Bounded(), Is.EqualTo(5));
    }

    [Test]
    public async Task Work_returning_a_null_task_fails_every_caller_with_InvalidOperationException()
    {
        var coalescer = new Coalescer();
        var call = coalescer.RunAsync<int>("k", _ => null!);
        var untyped = coalescer.RunAsync("k2", _ => null!);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () => await call.Bounded());
        Assert.That(exception!.Message, Does.Contain("null").And.Contain("'k'"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await untyped.Bounded());
        Assert.That(coalescer.GetStats().Errors, Is.EqualTo(2));
    }

    [Test]
    public async Task Work_returning_a_null_task_fails_the_callers_that_joined_while_it_ran()
    {
        var coalescer = new Coalescer();
        var inWork = Bounded.Gate<bool>();
        var release = new ManualResetEventSlim();
        var leader = Task.Run(() => coalescer.RunAsync<int>("k", _ =>
        {
            inWork.SetResult(true);
            release.Wait(Bounded.Timeout);
            return null!;
        }));
        await inWork.Task.Bounded();
        var joiner = coalescer.RunAsync<int>("k", _ => Task.FromResult(1));
        release.Set();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await leader.Bounded());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await joiner.Bounded());
    }

    [Test]
    public async Task Task_returning_work_without_a_result_is_coalesced()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<bool>();
        var executions = 0;
        var calls = Enumerable.Range(0, 5)
            .Select(_ => coalescer.RunAsync("k", async _ =>
            {
                Interlocked.Increment(ref executions);
                await gate.Task;
            }))
            .ToArray();
        gate.SetResult(true);
        await Task.WhenAll(calls).Bounded();

        Assert.That(executions, Is.EqualTo(1));
    }

    [Test]
    public async Task The_state_overload_hands_the_state_to_the_work()
    {
        var coalescer = new Coalescer();
        var result = await coalescer.RunAsync("k", 21, static (state, _) => Task.FromResult(state * 2)).Bounded();
        await coalescer.RunAsync("k2", "state", static (state, _) => state == "state" ? Task.CompletedTask : throw new InvalidOperationException()).Bounded();

        Assert.That(result, Is.EqualTo(42));
    }

    [Test]
    public async Task A_synchronously_completed_execution_leaves_nothing_in_the_table()
    {
        var coalescer = new Coalescer();
        await coalescer.RunAsync("k", _ => Task.FromResult(1)).Bounded();
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task Callers_continuations_do_not_run_inline_on_the_thread_that_completes_the_work()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(); // runs its own continuations inline on purpose: the coalescer must not.
        var completing = false;
        var completingThread = 0;
        var ranInline = false;
        var leader = coalescer.RunAsync("k", _ => gate.Task);
        var joiner = Observe(coalescer.RunAsync("k", _ => gate.Task));

        completingThread = Environment.CurrentManagedThreadId;
        Volatile.Write(ref completing, true);
        gate.SetResult(1);
        Volatile.Write(ref completing, false);
        await Task.WhenAll(leader, joiner).Bounded();

        Assert.That(ranInline, Is.False);

        async Task Observe(Task<int> task)
        {
            await task.ConfigureAwait(false);
            ranInline = Volatile.Read(ref completing) && Environment.CurrentManagedThreadId == completingThread;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFromNamedMethod() => throw new InvalidOperationException("failed in the work");
}
