using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace SharedCall.Redis.Tests.MultiProcess;

/// <summary>
/// A server a test owns and restarts on the same port, empty (nothing is persisted): an embedded Garnet, or a
/// redis-server child process (never the shared one from SHAREDCALL_REDIS, which other tests use).
/// </summary>
public abstract class RestartableServer : IDisposable
{
    protected RestartableServer(int port) => Port = port;

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts a server of <paramref name="kind"/> on a free port, or marks the test ignored with the reason it cannot.</summary>
    public static async Task<RestartableServer> StartAsync(ServerKind kind)
    {
        RestartableServer server = kind == ServerKind.Garnet ? new RestartableGarnet(TestServer.FreePort()) : new RestartableRedis(TestServer.FreePort());
        try
        {
            await server.BeginAsync();
        }
        catch (Win32Exception exception)
        {
            Assert.Ignore($"No redis-server (apt-get install redis-server): {exception.Message}. The Garnet run covers it.");
        }

        return server;
    }

    /// <summary>Stops the server and starts a new, empty one on the same port.</summary>
    public async Task RestartAsync()
    {
        Stop();
        await BeginAsync();
    }

    public void Dispose()
    {
        Stop();
        GC.SuppressFinalize(this);
    }

    protected abstract Task BeginAsync();

    protected abstract void Stop();

    private sealed class RestartableGarnet : RestartableServer
    {
        private EmbeddedGarnet? _server;

        public RestartableGarnet(int port)
            : base(port)
        {
        }

        protected override Task BeginAsync()
        {
            _server = new EmbeddedGarnet(Port);
            return Task.CompletedTask;
        }

        protected override void Stop() => _server?.Dispose();
    }

    private sealed class RestartableRedis : RestartableServer
    {
        private Process? _process;

        public RestartableRedis(int port)
            : base(port)
        {
        }

        protected override async Task BeginAsync()
        {
            _process = Process.Start(new ProcessStartInfo(
                "redis-server",
                ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var process = _process;
            await Bounded.UntilAsync(() => process.HasExited || Accepts(), $"redis-server to accept connections on port {Port}", ChildProcess.Timeout);
            Assert.That(process.HasExited, Is.False, $"redis-server on port {Port} runs");
        }

        protected override void Stop()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                Assert.That(_process.WaitForExit(ChildProcess.Timeout), Is.True, "redis-server stops");
            }

            _process?.Dispose();
            _process = null;
        }

        private bool Accepts()
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
