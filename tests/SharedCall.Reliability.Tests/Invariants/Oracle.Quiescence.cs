namespace SharedCall.Reliability.Tests.Invariants;

internal sealed partial class Oracle
{
    /// <summary>Fails the scenario (under Coyote: reports a bug) when the oracle saw a violation.</summary>
    public static void ThrowIfViolated(IReadOnlyCollection<string> violations)
    {
        if (violations.Count > 0)
        {
            throw new InvalidOperationException("invariant violated:\n" + string.Join("\n", violations));
        }
    }

    /// <summary>
    /// Waits for every execution to end (at most <paramref name="bound"/> when given), then checks the invariants
    /// that hold only at quiescence. Returns every violation seen during the test.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> QuiesceAsync(Coalescer coalescer, TimeSpan? bound = null)
    {
        var executions = _executions.ToArray();
        try
        {
            if (bound is { } limit)
            {
                await Task.WhenAll(executions.Select(static e => e.Done.Task)).WaitAsync(limit);
            }
            else
            {
                foreach (var execution in executions)
                {
                    await execution.Done.Task;
                }
            }
        }
        catch (TimeoutException)
        {
            Violation($"{executions.Count(static e => !e.Done.Task.IsCompleted)} executions still running after {bound}");
            return _violations;
        }

        // The core publishes an outcome just after the work's body ends: give it the time to do so.
        for (var i = 0; (coalescer.GetStats().Active != 0 || coalescer.InFlightCount != 0) && i < 5000; i++)
        {
            await Task.Delay(1);
        }

        CheckTableAndStats(coalescer, executions.Length);
        foreach (var execution in executions)
        {
            CheckExecution(execution);
        }

        foreach (var (older, newer) in _unexplainedOverlaps)
        {
            if (!older.Token.IsCancellationRequested && !newer.Token.IsCancellationRequested)
            {
                Violation($"{older} and {newer} ran at once with no Forget between them and neither was abandoned");
            }
        }

        return _violations;
    }

    private void CheckTableAndStats(Coalescer coalescer, int executions)
    {
        var stats = coalescer.GetStats();
        if (stats.Active != 0 || coalescer.InFlightCount != 0)
        {
            Violation($"after quiescence Active = {stats.Active} and the table holds {coalescer.InFlightCount} entries");
        }

        var entered = Interlocked.Read(ref _entered);
        var maybe = Interlocked.Read(ref _maybeEntered);
        if (Interlocked.Read(ref _resets) == 0)
        {
            if (stats.Misses != executions)
            {
                Violation($"Misses = {stats.Misses} but {executions} executions ran");
            }

            if (stats.Hits + stats.Misses < entered || stats.Hits + stats.Misses > entered + maybe)
            {
                Violation($"Hits + Misses = {stats.Hits + stats.Misses} but {entered} callers entered (and {maybe} more may have)");
            }
        }
        else if (stats.Misses > executions || stats.Hits + stats.Misses > entered + maybe || stats.Hits < 0)
        {
            Violation($"after a reset the stats {stats} exceed what ran: {executions} executions, {entered + maybe} callers");
        }
    }

    private void CheckExecution(Execution execution)
    {
        var cancelled = execution.Token.IsCancellationRequested;
        if (execution.Attributable && cancelled != (execution.Receivers == 0))
        {
            Violation(cancelled
                ? $"{execution}: its token was cancelled though {execution.Receivers} callers received its outcome"
                : $"{execution}: nobody received its outcome, yet its token was not cancelled (a lost caller?)");
        }
    }
}
