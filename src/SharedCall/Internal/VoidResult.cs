namespace SharedCall.Internal;

/// <summary>The result type of executions whose work returns no value (<see cref="Action"/>, <see cref="Task"/>).</summary>
internal readonly struct VoidResult;
