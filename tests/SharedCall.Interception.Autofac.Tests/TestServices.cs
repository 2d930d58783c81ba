namespace SharedCall.Interception.Autofac.Tests;

public interface IRepo
{
    [Coalesced]
    Task<int> GetAsync(int id, CancellationToken cancellationToken);

    int Plain(int id);
}

public interface IAudit
{
    int Count { get; }
}

public interface IGenericRepo<T>
{
    [Coalesced]
    Task<T> FindAsync(int id);
}

public interface IBadRepo
{
    [Coalesced]
    bool TryGet(int id, out int value);
}

internal interface IHiddenRepo
{
    [Coalesced]
    Task<int> GetAsync(int id);
}

/// <summary>Holds every target call until the test releases it, and counts the calls.</summary>
public sealed class Gate
{
    private readonly TaskCompletionSource<int> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<int> Enter()
    {
        Interlocked.Increment(ref _calls);
        return _release.Task;
    }

    public void Release(int value) => _release.TrySetResult(value);
}

public sealed class Repo(Gate gate) : IRepo, IAudit, IDisposable
{
    public bool IsDisposed { get; private set; }

    public int Count => gate.Calls;

    public Task<int> GetAsync(int id, CancellationToken cancellationToken) => Ranked(id);

    public int Plain(int id) => id;

    public void Dispose() => IsDisposed = true;

    private async Task<int> Ranked(int id) => id * await gate.Enter();
}

public sealed class Audit : IAudit
{
    public int Count => 0;
}

public sealed class GenericRepo<T>(Gate gate) : IGenericRepo<T>
{
    public async Task<T> FindAsync(int id) => (T)Convert.ChangeType(id * await gate.Enter(), typeof(T), System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class BadRepo : IBadRepo
{
    public bool TryGet(int id, out int value)
    {
        value = id;
        return true;
    }
}

internal sealed class HiddenRepo : IHiddenRepo
{
    public Task<int> GetAsync(int id) => Task.FromResult(id);
}
