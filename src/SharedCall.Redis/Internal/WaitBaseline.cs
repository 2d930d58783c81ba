namespace SharedCall.Redis.Internal;

/// <summary>
/// The writer (owner token) of a key's result when a call began waiting in Redis. A result by another writer was written
/// while the call waited, by an execution that ran for it: typically a process that took the key over from a dead or
/// paused leader and finished before this waiter saw its lease. A waiter takes such a result as it takes its owner's,
/// so that one takeover serves every waiting process; a result that was there before the wait is never taken.
/// </summary>
internal sealed class WaitBaseline
{
    private bool _known;
    private string? _writer;

    /// <summary>Gets whether the call has waited (a baseline was read).</summary>
    public bool IsKnown => _known;

    /// <summary>
    /// Records the first result read as the baseline; afterwards, gets the writer of <paramref name="payload"/> when it
    /// was written since, or null.
    /// </summary>
    public string? NewWriter(byte[]? payload)
    {
        var writer = Payload.WriterOf(payload);
        if (!_known)
        {
            (_known, _writer) = (true, writer);
            return null;
        }

        return writer != _writer ? writer : null;
    }
}
