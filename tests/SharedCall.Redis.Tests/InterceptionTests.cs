using SharedCall.Interception;

namespace SharedCall.Redis.Tests;

/// <summary>[Coalesced] methods across two processes: default keys become canonical strings only with a Redis level.</summary>
[NonParallelizable]
public sealed class InterceptionTests
{
    private TestServer _server = null!;
    private readonly List<FleetProcess> _processes = [];
    private string _prefix = string.Empty;

    public interface ICatalog
    {
        [Coalesced]
        Task<string> GetAsync(int id, string culture, CancellationToken cancellationToken);

        [Coalesced(Key = "item:{id}")]
        Task<string> GetByTemplateAsync(int id);

        [Coalesced(CrossProcess = false)]
        Task<string> GetHereAsync(int id);

        [Coalesced(Key = "now:{id}")]
        string GetNow(int id, CancellationToken cancellationToken);
    }

    [OneTimeSetUp]
    public void StartServer() => _server = TestServer.Start(ServerKind.Garnet);

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public void NewPrefix() => _prefix = "i" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public void StopProcesses()
    {
        _processes.ForEach(p => p.Dispose());
        _processes.Clear();
    }

    [TestCase("default key")]
    [TestCase("key template")]
    public async Task ACoalescedMethodRunsOnceAcrossProcesses(string keys)
    {
        var work = new GatedWork<string>("item");
        var (a, b) = (Connect(work, out var processA), Connect(work, out var processB));
        Func<ICatalog, Task<string>> call = keys == "default key"
            ? catalog => catalog.GetAsync(42, "fr-FR", CancellationToken.None)
            : catalog => catalog.GetByTemplateAsync(42);

        var fromA = call(a);
        await work.Started.Task.Bounded();
        var fromB = call(b);
        await processB.UntilWaitingAsync();
        work.Release.SetResult();

        Assert.That(await Task.WhenAll(fromA, fromB).Bounded(), Has.All.EqualTo("item"));
        Assert.That(work.Executions, Is.EqualTo(1));
    }

    [Test]
    public async Task CrossProcessFalseKeepsTheMethodInItsProcess()
    {
        var work = new GatedWork<string>("here");
        var (a, b) = (Connect(work, out _), Connect(work, out var processB));

        var fromA = a.GetHereAsync(1);
        var fromB = b.GetHereAsync(1);
        await Bounded.UntilAsync(() => work.Executions == 2, "an execution in each process");
        work.Release.SetResult();

        Assert.That(await Task.WhenAll(fromA, fromB).Bounded(), Has.All.EqualTo("here"));
        Assert.That(processB.Remote.Waits, Is.Zero);
    }

    [Test]
    public void SynchronousMethodsStayInTheirProcessEvenWithAKeyTemplate()
    {
        var work = new GatedWork<string>("unused");
        var (a, b) = (Connect(work, out var processA), Connect(work, out var processB));

        Assert.That(new[] { a.GetNow(1, CancellationToken.None), b.GetNow(1, CancellationToken.None) }, Has.All.EqualTo("now"));
        Assert.That(work.Executions, Is.EqualTo(2));
        Assert.That(processA.Remote.Waits + processB.Remote.Waits, Is.Zero);
    }

    private ICatalog Connect(GatedWork<string> work, out FleetProcess process)
    {
        process = FleetProcess.Start(_server, _prefix);
        _processes.Add(process);
        return CoalescingProxy.Create<ICatalog>(new CatalogService(work), process.Coalescer);
    }

    private sealed class CatalogService(GatedWork<string> work) : ICatalog
    {
        public Task<string> GetAsync(int id, string culture, CancellationToken cancellationToken) => work.RunAsync(cancellationToken);

        public Task<string> GetByTemplateAsync(int id) => work.RunAsync(CancellationToken.None);

        public Task<string> GetHereAsync(int id) => work.RunAsync(CancellationToken.None);

        public string GetNow(int id, CancellationToken cancellationToken)
        {
            work.Count();
            return "now";
        }
    }
}
