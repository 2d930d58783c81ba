using System.Diagnostics;
using System.Globalization;

namespace SharedCall.Redis.Tests.MultiProcess;

/// <summary>How a child process's Redis level is set up (arguments of tests/SharedCall.Redis.TestHost).</summary>
public sealed record ChildSettings(TimeSpan LeaseTime, TimeSpan PollInterval, TimeSpan? MaxWait = null);

/// <summary>
/// A process of a test fleet: tests/SharedCall.Redis.TestHost run with <c>dotnet</c>, driven through its stdin; every line
/// it prints is kept, and waits for them are bounded. Disposing it kills it, so that nothing outlives a test.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    /// <summary>How long a test waits for a child's line: generous, for four children and a server on two busy cores.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<string> _errors = [];
    private TaskCompletionSource _changed = NewSignal();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Add(_lines, line.Data);
        _process.ErrorDataReceived += (_, line) => Add(_errors, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Starts a child connected to <paramref name="endpoint"/> and waits until it says it is ready.</summary>
    public static async Task<ChildProcess> StartAsync(string endpoint, string prefix, ChildSettings settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "SharedCall.Redis.TestHost.dll"), endpoint, prefix,
            Milliseconds(settings.LeaseTime), Milliseconds(settings.PollInterval), settings.MaxWait is { } wait ? Milliseconds(wait) : "-1",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var child = new ChildProcess(Process.Start(info)!);
        try
        {
            await child.WaitForAsync("ready ");
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Gets the lines printed so far that start with <paramref name="prefix"/>.</summary>
    public List<string> Lines(string prefix)
    {
        lock (_lines)
        {
            return _lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        }
    }

    /// <summary>
    /// Waits (bounded) for a line starting with <paramref name="prefix"/>, printed already or later. Throws with the
    /// child's output when it times out, fails or exits (an exception rather than an assertion, so that a wait left
    /// running by a failed <c>Task.WhenAll</c> cannot touch a finished test).
    /// </summary>
    public async Task<string> WaitForAsync(string prefix, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                if (_lines.Find(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }

                if (_lines.Find(l => l.StartsWith("error", StringComparison.Ordinal)) is not null || _process.HasExited)
                {
                    throw new InvalidOperationException($"Child {Id} failed while the test waited for \"{prefix}\": {Output()}");
                }

                changed = _changed.Task;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Timed out waiting for \"{prefix}\" from child {Id}: {Output()}");
            }

            // The exit check above needs a wake-up too: a child that dies prints nothing more.
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(Math.Min(remaining.TotalMilliseconds, 500))));
        }
    }

    /// <summary>Kills the child at once (SIGKILL), as <c>kill -9</c> does.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        Assert.That(_process.WaitForExit(Timeout), Is.True, $"child {Id} exits when killed");
    }

    /// <summary>Sends a signal with the <c>kill</c> command: <c>STOP</c> pauses the child, <c>CONT</c> resumes it.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.That(kill.WaitForExit(Timeout) && kill.ExitCode == 0, Is.True, $"kill -{signal} {Id}");
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private string Output()
    {
        lock (_lines)
        {
            return $"exited: {_process.HasExited}; last lines: {string.Join(" | ", _lines.TakeLast(10))}; stderr: {string.Join(" | ", _errors.TakeLast(20))}";
        }
    }

    private void Add(List<string> lines, string? line)
    {
        TaskCompletionSource changed;
        lock (_lines)
        {
            if (line is not null)
            {
                lines.Add(line);
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Milliseconds(TimeSpan time) => ((long)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
