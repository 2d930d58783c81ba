namespace SharedCall.Redis;

/// <summary>
/// The execution another process ran for the same key failed: this process's callers get this exception, carrying the
/// failure's type name and message (the leader's own callers get the original exception).
/// </summary>
/// <remarks>Only the type name and the message cross processes: no stack trace, no inner exceptions, no data.</remarks>
public sealed class RemoteExecutionException : Exception
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public RemoteExecutionException()
        : this("An execution in another process failed.")
    {
    }

    /// <summary>Initializes a new instance with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public RemoteExecutionException(string message)
        : base(message)
    {
        RemoteExceptionType = string.Empty;
    }

    /// <summary>Initializes a new instance with <paramref name="message"/> and <paramref name="innerException"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RemoteExecutionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        RemoteExceptionType = string.Empty;
    }

    /// <summary>Initializes a new instance for a failure of type <paramref name="remoteExceptionType"/> in another process.</summary>
    /// <param name="remoteExceptionType">The full name of the remote exception's type, such as <c>Npgsql.PostgresException</c>.</param>
    /// <param name="message">The remote exception's message.</param>
    public RemoteExecutionException(string remoteExceptionType, string message)
        : base(message)
    {
        RemoteExceptionType = remoteExceptionType;
    }

    /// <summary>Gets the full name of the type of the exception the other process's execution failed with.</summary>
    /// <value>Such as <c>Npgsql.PostgresException</c>; empty when the exception was not made from a remote failure.</value>
    public string RemoteExceptionType { get; }
}
