namespace SharedCall.Interception;

/// <summary>The target one execution runs on, and the scope it was resolved from, disposed when the work returns.</summary>
/// <remarks>Made by an <see cref="IExecutionTargetSource"/>; the container integrations implement both.</remarks>
public interface IExecutionTarget : IAsyncDisposable
{
    /// <summary>Gets the object the execution's call runs on; it implements the proxied interface.</summary>
    object Target { get; }
}
