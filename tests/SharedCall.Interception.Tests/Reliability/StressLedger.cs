using System.Collections.Concurrent;

namespace SharedCall.Interception.Tests.Reliability;

internal enum StressOutcome
{
    Value,
    Exception,
    Cancelled,
}

/// <summary>Counts calls and outcomes across the workers, and keeps the first violations.</summary>
internal sealed class StressLedger
{
    private readonly ConcurrentQueue<string> _violations = new();
    private long _calls;
    private long _precancelled;
    private long _racyCancellations;
    private long _values;
    private long _exceptions;
    private long _cancellations;
    private long _violationCount;

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Gets the calls made with a token already cancelled: they never reach the table.</summary>
    public long Precancelled => Interlocked.Read(ref _precancelled);

    /// <summary>Gets the blocking calls cancelled by a timer, which may fire before the call reaches the table.</summary>
    public long RacyCancellations => Interlocked.Read(ref _racyCancellations);

    public long Completions => Interlocked.Read(ref _values) + Interlocked.Read(ref _exceptions) + Interlocked.Read(ref _cancellations);

    public long Values => Interlocked.Read(ref _values);

    public long Exceptions => Interlocked.Read(ref _exceptions);

    public long Cancellations => Interlocked.Read(ref _cancellations);

    public long ViolationCount => Interlocked.Read(ref _violationCount);

    public IEnumerable<string> FirstViolations => _violations;

    public void CallStarted(CancelAt cancelAt, bool isAsync)
    {
        Interlocked.Increment(ref _calls);
        if (cancelAt == CancelAt.Before)
        {
            Interlocked.Increment(ref _precancelled);
        }
        else if (cancelAt == CancelAt.OnATimer && !isAsync)
        {
            Interlocked.Increment(ref _racyCancellations);
        }
    }

    public void Completed(StressOutcome outcome)
    {
        switch (outcome)
        {
            case StressOutcome.Value:
                Interlocked.Increment(ref _values);
                break;
            case StressOutcome.Exception:
                Interlocked.Increment(ref _exceptions);
                break;
            default:
                Interlocked.Increment(ref _cancellations);
                break;
        }
    }

    public void Violation(string message)
    {
        if (Interlocked.Increment(ref _violationCount) <= 20)
        {
            _violations.Enqueue(message);
        }
    }

    /// <summary>Starts a new round's counts (violations are kept).</summary>
    public void ResetCounts()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _precancelled, 0);
        Interlocked.Exchange(ref _racyCancellations, 0);
        Interlocked.Exchange(ref _values, 0);
        Interlocked.Exchange(ref _exceptions, 0);
        Interlocked.Exchange(ref _cancellations, 0);
    }
}
