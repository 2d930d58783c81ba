using System.Diagnostics;

namespace SharedCall.IntegrationTests;

/// <summary>
/// Where the tests' PostgreSQL comes from: <c>SHAREDCALL_PG_CONNECTION</c> when CI (or the developer) started one,
/// otherwise a throwaway cluster started here with <c>postgres.sh</c> and stopped when the run ends.
/// </summary>
internal static class PostgresServer
{
    public const string ConnectionVariable = "SHAREDCALL_PG_CONNECTION";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(5); // apt-get install may run first

    private static string? s_startedDirectory;

    /// <summary>Gets the connection string, or null with the reason PostgreSQL could not be had.</summary>
    public static async Task<(string? ConnectionString, string? Unavailable)> AcquireAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return (fromEnvironment, null);
        }

        var script = FindScript();
        if (script is null)
        {
            return (null, $"{ConnectionVariable} is not set and postgres.sh was not found above {AppContext.BaseDirectory}");
        }

        if (OperatingSystem.IsWindows())
        {
            return (null, $"{ConnectionVariable} is not set and {script} needs bash and Debian's PostgreSQL packages");
        }

        var (exitCode, output, errors) = await RunAsync(script, "start");
        if (exitCode != 0)
        {
            return (null, $"{ConnectionVariable} is not set and {script} could not start PostgreSQL (exit {exitCode}): {Tail(errors)}");
        }

        s_startedDirectory = Value(output, "SHAREDCALL_PG_DIR=");
        var connectionString = Value(output, ConnectionVariable + "=");
        return connectionString is null
            ? (null, $"{script} printed no connection string: {Tail(output)}")
            : (connectionString, null);
    }

    /// <summary>Stops the cluster this process started, if any; one started by CI is CI's to stop.</summary>
    public static async Task ReleaseAsync()
    {
        var directory = Interlocked.Exchange(ref s_startedDirectory, null);
        var script = FindScript();
        if (directory is not null && script is not null)
        {
            await RunAsync(script, "stop", directory);
        }
    }

    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "SharedCall.IntegrationTests", "postgres.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(s_startTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, await output, $"timed out after {s_startTimeout}; {await errors}");
            }

            return (process.ExitCode, await output, await errors);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, string.Empty, $"bash could not be started: {exception.Message}");
        }
    }

    private static string? Value(string output, string prefix) =>
        output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : text[^2000..].Trim();
}
