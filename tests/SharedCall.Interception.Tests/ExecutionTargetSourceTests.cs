using System.Diagnostics;
using System.Globalization;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Tests;

/// <summary>
/// The seam the container integrations implement: a leader's call, and only a leader's, runs on a target of its own
/// execution, with the leader's execution context.
/// </summary>
public class ExecutionTargetSourceTests
{
    private static readonly AsyncLocal<string?> s_caller = new();

    public interface IContextProbe
    {
        [Coalesced]
        Task<string> ReadAsync(int id);

        [Coalesced]
        ValueTask<string> ReadValueAsync(int id);

        [Coalesced]
        string Read(int id);

        string Unmarked(int id);
    }

    [Test]
    public async Task Only_the_leader_opens_an_execution_and_its_scope_is_disposed_once_the_work_returns()
    {
        var source = new CountingSource();
        var proxy = Proxy(new Probe("caller's"), source);
        var gate = source.Gate;

        var leader = proxy.ReadAsync(1);
        var joined = Enumerable.Range(0, 5).Select(_ => proxy.ReadAsync(1)).ToArray();
        Assert.That(source.Opened, Is.EqualTo(1));
        Assert.That(source.Disposed, Is.Zero);
        gate.SetResult();

        Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo("execution's 1"));
        Assert.That(await Task.WhenAll(joined).WaitAsync(Bounded.Timeout), Has.All.EqualTo("execution's 1"));
        Assert.That(source.Disposed, Is.EqualTo(1));
        Assert.That(proxy.Unmarked(2), Is.EqualTo("caller's 2"), "unmarked methods keep the proxy's own target");
        Assert.That(source.Opened, Is.EqualTo(1));
    }

    [Test]
    public async Task Every_return_shape_runs_on_the_executions_target()
    {
        var source = new CountingSource();
        source.Gate.SetResult();
        var proxy = Proxy(new Probe("caller's"), source);

        Assert.That(await proxy.ReadAsync(1), Is.EqualTo("execution's 1"));
        Assert.That(await proxy.ReadValueAsync(2), Is.EqualTo("execution's 2"));
        Assert.That(proxy.Read(3), Is.EqualTo("execution's 3"));
        Assert.That(source.Opened, Is.EqualTo(3));
        Assert.That(source.Disposed, Is.EqualTo(3));
    }

    [Test]
    public async Task The_work_runs_with_the_leaders_execution_context_never_a_joined_callers()
    {
        var source = new CountingSource();
        var probe = new Probe("caller's");
        var proxy = Proxy(probe, source);
        using var listener = new ActivityListener { ShouldListenTo = s => s.Name == "test", Sample = static (ref _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(listener);
        using var activitySource = new ActivitySource("test");
        var culture = CultureInfo.CurrentCulture;

        Task<string> leader;
        Activity? leaderActivity;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
            s_caller.Value = "leader";
            using var activity = activitySource.StartActivity("leader request");
            leaderActivity = activity;
            leader = proxy.ReadAsync(1);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        s_caller.Value = "joined";
        var joined = proxy.ReadAsync(1);
        s_caller.Value = null;
        source.Gate.SetResult();
        await Task.WhenAll(leader, joined).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(probe.SeenAfterAwait, Is.Empty, "joined calls never run the caller's target");
            Assert.That(source.Targets.Single().SeenAfterAwait, Is.EqualTo(new[] { "leader" }));
            Assert.That(source.Targets.Single().CultureAfterAwait, Is.EqualTo("fr-FR"));
            Assert.That(source.Targets.Single().ActivityAfterAwait, Is.SameAs(leaderActivity));
        });
    }

    private static IContextProbe Proxy(Probe target, IExecutionTargetSource source) =>
        (IContextProbe)ProxyFactory.Create(typeof(IContextProbe), Type.EmptyTypes, target, new CoalescingInterceptor(new Coalescer(), source));

    private sealed class Probe(string name, Task? gate = null) : IContextProbe
    {
        public List<string?> SeenAfterAwait { get; } = [];

        public string? CultureAfterAwait { get; private set; }

        public Activity? ActivityAfterAwait { get; private set; }

        public async Task<string> ReadAsync(int id)
        {
            await (gate ?? Task.CompletedTask).ConfigureAwait(false);
            await Task.Yield();
            SeenAfterAwait.Add(s_caller.Value);
            CultureAfterAwait = CultureInfo.CurrentCulture.Name;
            ActivityAfterAwait = Activity.Current;
            return name + " " + id;
        }

        public ValueTask<string> ReadValueAsync(int id) => new(name + " " + id);

        public string Read(int id) => name + " " + id;

        public string Unmarked(int id) => name + " " + id;
    }

    private sealed class CountingSource : IExecutionTargetSource
    {
        private int _opened;
        private int _disposed;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<Probe> Targets { get; } = [];

        public int Opened => Volatile.Read(ref _opened);

        public int Disposed => Volatile.Read(ref _disposed);

        public IExecutionTarget Open()
        {
            Interlocked.Increment(ref _opened);
            var target = new Probe("execution's", Gate.Task);
            Targets.Add(target);
            return new Execution(this, target);
        }

        private sealed class Execution(CountingSource owner, Probe target) : IExecutionTarget
        {
            public object Target => target;

            public ValueTask DisposeAsync()
            {
                Interlocked.Increment(ref owner._disposed);
                return ValueTask.CompletedTask;
            }
        }
    }
}
