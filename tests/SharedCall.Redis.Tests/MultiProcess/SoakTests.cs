using System.Globalization;

namespace SharedCall.Redis.Tests.MultiProcess;

/// <summary>
/// Four processes call keys drawn from a Zipf distribution for <see cref="Seconds"/> (120 by default;
/// <c>SHAREDCALL_SOAK_SECONDS</c> overrides it, e.g. 15 while iterating) on a server the test restarts, empty, halfway.
/// Invariants, none of them a timing of the machine:
/// <list type="bullet">
/// <item>every call gets a result of its own key, never a stale one (see <see cref="SoakReport.Stale"/>);</item>
/// <item>per key, executions ≤ processes × flights (see <see cref="SoakReport.FlightsByKey"/>); and across processes
/// some local leaders are served by another process's execution;</item>
/// <item>no call waits beyond <c>MaxWait</c>, plus the slack of a server restart (commands timing out) and this busy
/// machine's scheduling;</item>
/// <item>no lease is left once every process finished.</item>
/// </list>
/// </summary>
[TestFixture(ServerKind.Redis)]
[TestFixture(ServerKind.Garnet)]
[NonParallelizable]
[Category("Soak")]
public sealed class SoakTests(ServerKind kind)
{
    public const string SecondsVariable = "SHAREDCALL_SOAK_SECONDS";
    private const int Processes = 4;
    private const int CallersPerProcess = 4;
    private const int Keys = 20;
    private const int WorkMilliseconds = 20;
    private static readonly ChildSettings Settings = new(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), MaxWait: TimeSpan.FromSeconds(3));

    // A command cut by the restart can take the children's command timeout (2 s) before the call runs its work itself.
    private static readonly TimeSpan WaitSlack = TimeSpan.FromSeconds(10);

    private static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), CultureInfo.InvariantCulture, out var seconds) && seconds >= 4 ? seconds : 120;

    [Test]
    public async Task FourProcessesOnZipfKeysWithTheServerRestartedMidRunKeepTheInvariants()
    {
        var prefix = "s" + Guid.NewGuid().ToString("N")[..8];
        using var server = await RestartableServer.StartAsync(kind);
        var fleet = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                fleet.Add(await ChildProcess.StartAsync(server.Endpoint, prefix, Settings));
            }

            for (var i = 0; i < fleet.Count; i++)
            {
                fleet[i].Send($"soak {Seconds} {CallersPerProcess} {Keys} {i + 1} {WorkMilliseconds}");
            }

            await Task.Delay(TimeSpan.FromSeconds(Seconds / 2.0)); // when the fault happens: a schedule, not a synchronisation
            await server.RestartAsync();
            await Task.WhenAll(fleet.Select(c => c.WaitForAsync("soak ", TimeSpan.FromSeconds(Seconds) + ChildProcess.Timeout)));

            var report = SoakReport.From(fleet);
            TestContext.Out.WriteLine($"{kind}, {Seconds} s, {Processes} processes × {CallersPerProcess} callers, {Keys} Zipf keys, server restarted at {Seconds / 2.0} s: {report}");
            using var admin = ConnectAfterRestart(server);
            await Bounded.UntilAsync(() => admin.IsConnected, "the restarted server to accept connections", ChildProcess.Timeout);
            var leases = ServerFixture.Leases(admin, prefix);
            Assert.Multiple(() =>
            {
                Assert.That((report.Failed, report.Wrong, report.Stale), Is.EqualTo((0L, 0L, 0L)), $"failed, wrong and stale calls ({report.FirstFailures})");
                Assert.That(report.Executions, Is.EqualTo(report.ReportedExecutions), "every execution was reported");
                Assert.That(report.ExecutionsByKey.Where(e => e.Value > Processes * report.FlightsByKey[e.Key]), Is.Empty, "executions ≤ processes × flights, per key");
                Assert.That(report.Executions, Is.LessThan(report.Leaders), "some local leaders were served by another process's execution");
                Assert.That(report.MaxCall, Is.LessThanOrEqualTo(Settings.MaxWait!.Value + WaitSlack), "no wait beyond MaxWait");
                Assert.That(leases, Is.Empty, "no lease left behind");
            });
        }
        finally
        {
            fleet.ForEach(c => c.Dispose());
        }
    }

    private static StackExchange.Redis.ConnectionMultiplexer ConnectAfterRestart(RestartableServer server) =>
        StackExchange.Redis.ConnectionMultiplexer.Connect($"{server.Endpoint},allowAdmin=true,abortConnect=false,connectTimeout=2000");
}
