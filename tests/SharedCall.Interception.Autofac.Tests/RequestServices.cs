namespace SharedCall.Interception.Autofac.Tests;

/// <summary>A repository whose session lives per request scope, tagged as in ASP.NET Core with Autofac.</summary>
public sealed class RequestSession : IDisposable
{
    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

public sealed class RequestRowRepository(RequestSession session, WorkGate gate) : IRowRepository
{
    public Task<string> GetAsync(int id, CancellationToken cancellationToken) => Task.FromResult(Get(id));

    public string Get(int id)
    {
        ObjectDisposedException.ThrowIf(session.Disposed, session);
        gate.UsedBy.Enqueue(new Db());
        return "row " + id;
    }
}
