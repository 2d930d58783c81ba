using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Garnet;
using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>The server implementations every fleet test runs against.</summary>
public enum ServerKind
{
    /// <summary>A real redis-server on loopback: <c>SHAREDCALL_REDIS</c> (set by .ci/services.d/redis.sh), or one the tests start.</summary>
    Redis,

    /// <summary>Microsoft Garnet embedded in the test process, with Lua and transactional Lua on.</summary>
    Garnet,

    /// <summary>A throwaway Redis Cluster of three masters the tests start (redis-server and redis-cli).</summary>
    Cluster,
}

/// <summary>A server the tests connect to; disposing it stops what the tests started.</summary>
public abstract class TestServer : IDisposable
{
    public const string RedisVariable = "SHAREDCALL_REDIS";

    protected TestServer(string endpoint) => Endpoint = endpoint;

    public string Endpoint { get; }

    /// <summary>Starts a server of <paramref name="kind"/>, or marks the test ignored with the reason it cannot.</summary>
    public static TestServer Start(ServerKind kind) => kind switch
    {
        ServerKind.Garnet => new EmbeddedGarnet(FreePort()),
        ServerKind.Cluster => RedisCluster.Start(),
        _ => RedisServer.Start(),
    };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Connects like a process of the fleet would: its own multiplexer, admin commands allowed for the tests.</summary>
    public ConnectionMultiplexer Connect() =>
        ConnectionMultiplexer.Connect($"{Endpoint},allowAdmin=true,abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000");

    public abstract void Dispose();
}

internal sealed class EmbeddedGarnet : TestServer
{
    private readonly GarnetServer _server;

    public EmbeddedGarnet(int port)
        : base($"127.0.0.1:{port}")
    {
        _server = new GarnetServer(["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--lua", "--lua-transaction-mode"]);
        _server.Start();
    }

    private int _disposed;

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.Dispose();
        }
    }
}

internal sealed class RedisServer : TestServer
{
    private readonly string? _pidFile;

    private RedisServer(string endpoint, string? pidFile)
        : base(endpoint) => _pidFile = pidFile;

    public static RedisServer Start()
    {
        if (Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } given)
        {
            return new RedisServer(given, pidFile: null);
        }

        var port = FreePort();
        var pidFile = Path.Combine(Path.GetTempPath(), $"sharedcall-redis-{port}.pid");
        try
        {
            using var process = Process.Start(new ProcessStartInfo(
                "redis-server",
                ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidFile])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            process.WaitForExit(10_000);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            Assert.Ignore($"No redis-server: set {RedisVariable} or install redis-server (apt-get install redis-server); {exception.Message}. The Garnet runs cover the protocol.");
        }

        return new RedisServer($"127.0.0.1:{port}", pidFile);
    }

    public override void Dispose()
    {
        if (_pidFile is not null && File.Exists(_pidFile) && int.TryParse(File.ReadAllText(_pidFile).Trim(), out var pid))
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

            File.Delete(_pidFile);
        }
    }
}
