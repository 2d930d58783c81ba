using SharedCall.Advanced;

namespace SharedCall.Tests;

/// <summary>The seam a cross-process level plugs into: who calls it, with what, and what stays in-process.</summary>
public class RemoteCoalescingTests
{
    private static readonly CoalescingOperation GetItem = new("Catalog.GetItem");
    private static readonly CoalescingOperation LocalItem = new("Catalog.LocalItem") { CrossProcess = false };

    [Test]
    public async Task OnlyTheLocalLeaderOfAStringKeyCallsTheRemoteLevel()
    {
        var remote = new RecordingRemote();
        var coalescer = new Coalescer(new CoalescerOptions { Name = "catalog", RemoteCoalescing = remote });
        var gate = Bounded.Gate<int>();

        var calls = Enumerable.Range(0, 10).Select(_ => coalescer.RunAsync(GetItem, "item:1", gate, static (g, _) => g.Task)).ToList();
        gate.SetResult(7);

        Assert.That(await Task.WhenAll(calls).Bounded(), Has.All.EqualTo(7));
        Assert.That(remote.Calls, Is.EqualTo(new[] { ("catalog", "Catalog.GetItem", "item:1", typeof(int)) }));
    }

    [Test]
    public async Task CallsWithoutAnOperationWorkWithoutAResultAndValueTasksGoThroughIt()
    {
        var remote = new RecordingRemote();
        var coalescer = new Coalescer(new CoalescerOptions { Name = "catalog", RemoteCoalescing = remote });

        await coalescer.RunAsync("plain", _ => Task.FromResult("x")).Bounded();
        await coalescer.RunAsync("done", _ => Task.CompletedTask).Bounded();
        await coalescer.RunValueTaskAsync(GetItem, new FlightKey("value"), 0, static (_, _) => new ValueTask<int>(1), CancellationToken.None).AsTask().Bounded();

        Assert.That(remote.Calls, Is.EqualTo(new[]
        {
            ("catalog", RemoteCoalescing.DefaultOperation, "plain", typeof(string)),
            ("catalog", RemoteCoalescing.DefaultOperation, "done", typeof(bool)),
            ("catalog", "Catalog.GetItem", "value", typeof(int)),
        }));
    }

    [Test]
    public async Task OtherKeysLocalOperationsAndSynchronousCallsStayInTheProcess()
    {
        var remote = new RecordingRemote();
        var coalescer = new Coalescer(new CoalescerOptions { RemoteCoalescing = remote });

        Assert.That(await coalescer.RunAsync(42, _ => Task.FromResult(1)).Bounded(), Is.EqualTo(1));
        Assert.That(await coalescer.RunAsync(LocalItem, "item:1", 2, static (v, _) => Task.FromResult(v)).Bounded(), Is.EqualTo(2));
        Assert.That(coalescer.Run("item:1", () => 3), Is.EqualTo(3));
        Assert.That(remote.Calls, Is.Empty);
        Assert.That(LocalItem.CrossProcess, Is.False);
        Assert.That(GetItem.CrossProcess, Is.True);
    }

    [Test]
    public async Task TheRemoteLevelsOutcomeIsWhatEveryLocalCallerGets()
    {
        var coalescer = new Coalescer(new CoalescerOptions { RemoteCoalescing = new AnswersForOthers() });
        Assert.That(await coalescer.RunAsync("item:1", _ => Task.FromResult("mine")).Bounded(), Is.EqualTo("another process's"));
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(1));
    }

    private sealed class RecordingRemote : RemoteCoalescing
    {
        public List<(string, string, string, Type)> Calls { get; } = [];

        public override Task<T> RunAsync<T>(string coalescer, string operation, string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add((coalescer, operation, key, typeof(T)));
            }

            return work(cancellationToken);
        }
    }

    private sealed class AnswersForOthers : RemoteCoalescing
    {
        public override Task<T> RunAsync<T>(string coalescer, string operation, string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
            Task.FromResult((T)(object)"another process's");
    }
}
