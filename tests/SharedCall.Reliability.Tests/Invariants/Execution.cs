namespace SharedCall.Reliability.Tests.Invariants;

/// <summary>One run of the work, as the oracle saw it: which key, who received its outcome, how its token ended.</summary>
internal sealed class Execution
{
    public Execution(long id, object key, long forgetsCompletedBefore, bool attributable, CancellationToken token)
    {
        Id = id;
        Key = key;
        ForgetsCompletedBefore = forgetsCompletedBefore;
        Token = token;
        Attributable = attributable;
    }

    public long Id { get; }

    public object Key { get; }

    /// <summary>Forgets that had completed before the leader called: only a later one may let a second execution overlap this one.</summary>
    public long ForgetsCompletedBefore { get; }

    /// <summary>The token the core handed to the work.</summary>
    public CancellationToken Token { get; }

    /// <summary>Whether callers can tell this execution's outcome apart (not so for void work that succeeds).</summary>
    public bool Attributable { get; }

    /// <summary>Callers that received this execution's value, exception or cancelled outcome.</summary>
    public int Receivers;

    /// <summary>Completes when the work's body has finished.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override string ToString() => $"execution #{Id} of key '{Key}'";
}

/// <summary>The value every work returns: it names the execution that produced it.</summary>
internal sealed class Payload(Execution execution)
{
    public Execution Execution { get; } = execution;
}

/// <summary>The exception every failing work throws: it names the execution that threw it.</summary>
internal sealed class WorkFailure(Execution execution) : Exception($"failure of {execution}")
{
    public Execution Execution { get; } = execution;
}

/// <summary>What a work does.</summary>
internal enum WorkKind
{
    /// <summary>Returns a value after a pause.</summary>
    Value,

    /// <summary>Returns a value without awaiting (a task that is already complete).</summary>
    ValueSynchronously,

    /// <summary>Throws before returning a task.</summary>
    ThrowSynchronously,

    /// <summary>Returns a task that faults after a pause.</summary>
    Fault,

    /// <summary>Returns a task that is cancelled (by the work itself, not by its token) after a pause.</summary>
    Cancel,

    /// <summary>Pauses with its token: ends cancelled when every caller cancelled.</summary>
    HonourToken,

    /// <summary>Pauses several times ignoring its token, then returns a value.</summary>
    IgnoreToken,
}
