using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SharedCall.Redis.Tests;

/// <summary>A throwaway Redis Cluster of three masters on loopback, started from redis-server and redis-cli.</summary>
internal sealed class RedisCluster : TestServer
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory;
    private readonly IReadOnlyList<int> _ports;

    private RedisCluster(string directory, IReadOnlyList<int> ports)
        : base(string.Join(',', ports.Select(p => $"127.0.0.1:{p}")))
    {
        _directory = directory;
        _ports = ports;
    }

    /// <summary>Starts the cluster and waits until every slot is served, or marks the test ignored when redis-server is missing.</summary>
    public static RedisCluster Start()
    {
        var directory = Directory.CreateTempSubdirectory("sharedcall-cluster-").FullName;
        var cluster = new RedisCluster(directory, ClusterPorts(3));
        try
        {
            foreach (var port in cluster._ports)
            {
                var p = port.ToString(CultureInfo.InvariantCulture);
                Run("redis-server", "--port", p, "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{p}.conf",
                    "--dir", directory, "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", Path.Combine(directory, $"{p}.pid"));
                Until(() => Run("redis-cli", "-p", p, "ping").Contains("PONG", StringComparison.Ordinal), $"node {p} to answer");
            }

            Run("redis-cli", ["--cluster", "create", .. cluster._ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]);
            foreach (var port in cluster._ports)
            {
                var p = port.ToString(CultureInfo.InvariantCulture);
                Until(() => Run("redis-cli", "-p", p, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal), $"node {p} to serve every slot");
            }

            return cluster;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            cluster.Dispose();
            Assert.Ignore($"No redis-server or redis-cli for a Redis Cluster (apt-get install redis-server): {exception.Message}");
            throw;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public override void Dispose()
    {
        foreach (var pidFile in Directory.EnumerateFiles(_directory, "*.pid"))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(10_000);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    // A node also listens on its port + 10000 (the cluster bus), so both must be free and below 65536.
    private static List<int> ClusterPorts(int count)
    {
        var ports = new List<int>();
        for (var port = Random.Shared.Next(20000, 29000); ports.Count < count; port++)
        {
            if (IsFree(port) && IsFree(port + 10000))
            {
                ports.Add(port);
            }
        }

        return ports;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill();
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish within {StepTimeout.TotalSeconds} s");
        }

        Assert.That(process.ExitCode, Is.Zero, $"{file} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
        return output.Result;
    }

    private static void Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what);
            }

            Thread.Sleep(50);
        }
    }
}
