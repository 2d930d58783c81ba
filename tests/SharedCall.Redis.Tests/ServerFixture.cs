using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>A fixture on one server of each <see cref="ServerKind"/>: an admin connection, and a fresh key prefix per test.</summary>
public abstract class ServerFixture(ServerKind kind)
{
    protected ServerKind Kind => kind;

    protected TestServer Server { get; private set; } = null!;

    protected ConnectionMultiplexer Admin { get; private set; } = null!;

    protected string Prefix { get; private set; } = null!;

    /// <summary>Gets the lease keys (not the results) under <paramref name="prefix"/>.</summary>
    public static List<string> Leases(ConnectionMultiplexer admin, string prefix) =>
        admin.GetServer(admin.GetEndPoints()[0]).Keys(pattern: prefix + ":*")
            .Select(k => k.ToString()).Where(k => !k.EndsWith(":result", StringComparison.Ordinal)).ToList();

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

    protected void AssertNoLeaseLeft() => Assert.That(Leases(Admin, Prefix), Is.Empty, "no lease key may outlive its execution");
}
