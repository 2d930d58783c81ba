using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>A fixture on one server of each <see cref="ServerKind"/>: an admin connection, and a fresh key prefix per test.</summary>
public abstract class ServerFixture(ServerKind kind)
{
    protected ServerKind Kind => kind;

    protected TestServer Server { get; private set; } = null!;

    protected ConnectionMultiplexer Admin { get; private set; } = null!;

    protected string Prefix { get; private set; } = null!;

    private readonly List<FleetProcess> _processes = [];

    /// <summary>Gets the lease keys (not the results) under <paramref name="prefix"/>, on every primary of the server.</summary>
    public static List<string> Leases(ConnectionMultiplexer admin, string prefix) =>
        KeysByNode(admin, prefix).SelectMany(keys => keys)
            .Where(k => !k.EndsWith(":result", StringComparison.Ordinal)).ToList();

    /// <summary>Gets the keys under <paramref name="prefix"/>, one list per primary (one for a server, three for a cluster).</summary>
    public static List<List<string>> KeysByNode(ConnectionMultiplexer admin, string prefix) =>
        admin.GetServers().Where(s => !s.IsReplica)
            .Select(s => s.Keys(pattern: prefix + ":*").Select(k => k.ToString()).ToList())
            .ToList();

    [OneTimeSetUp]
    public void StartServer()
    {
        Server = TestServer.Start(kind);
        Admin = Server.Connect();
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        Admin?.Dispose();
        Server?.Dispose();
    }

    [SetUp]
    public async Task NewPrefix()
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..8];
        await Bounded.UntilAsync(() => Admin.IsConnected, "the test server to accept connections");
    }

    [TearDown]
    public void DisposeProcesses()
    {
        _processes.ForEach(p => p.Dispose());
        _processes.Clear();
    }

    /// <summary>Starts a "process" of the fleet on this fixture's server, disposed after the test.</summary>
    protected FleetProcess Process(Action<RedisCoalescingOptions>? configure = null, bool useScripts = true, string? prefix = null)
    {
        var process = FleetProcess.Start(Server, prefix ?? Prefix, configure, useScripts);
        _processes.Add(process);
        return process;
    }

    protected void AssertNoLeaseLeft() => Assert.That(Leases(Admin, Prefix), Is.Empty, "no lease key may outlive its execution");
}
