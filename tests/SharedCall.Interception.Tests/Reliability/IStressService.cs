namespace SharedCall.Interception.Tests.Reliability;

/// <summary>
/// The stressed interface: one member per return shape. <c>mode</c> tells the target how to behave; the two
/// templated methods leave it out of the key, so the leader's mode decides what its joined callers get.
/// </summary>
public interface IStressService
{
    [Coalesced(Key = "task:{key}")]
    Task<int> TaskAsync(int key, int mode, CancellationToken cancellationToken);

    [Coalesced(Key = "valuetask:{key}")]
    ValueTask<int> ValueTaskAsync(int key, int mode, CancellationToken cancellationToken);

    [Coalesced]
    int Value(int key, int mode);

    [Coalesced]
    int ValueWithToken(int key, int mode, CancellationToken cancellationToken);

    [Coalesced]
    void Void(int key, int mode);
}

/// <summary>The stressed members, in the order of <see cref="IStressService"/>.</summary>
internal enum StressMethod
{
    TaskAsync,
    ValueTaskAsync,
    Value,
    ValueWithToken,
    Void,
}

/// <summary>Thrown by one execution of the target; carries the execution's id so a caller can check who threw it.</summary>
#pragma warning disable CA1032, CA1064 // A test-only exception: no serialization, no other constructors.
internal sealed class StressException(int executionId) : Exception("execution " + executionId)
#pragma warning restore CA1032, CA1064
{
    public int ExecutionId { get; } = executionId;
}
