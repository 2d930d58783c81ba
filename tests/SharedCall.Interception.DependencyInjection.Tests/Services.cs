namespace SharedCall.Interception.DependencyInjection.Tests;

public interface IUserRepository
{
    [Coalesced]
    Task<string> GetUserAsync(int id, CancellationToken cancellationToken = default);

    Task<string> GetUserUncoalescedAsync(int id);
}

public interface INotCoalesced
{
    int Get();
}

/// <summary>A [Coalesced] method with a by-reference parameter, which cannot be coalesced.</summary>
public interface IHasRefParameter
{
    [Coalesced]
    bool Lookup(int id, out string name);
}

public sealed class HasRefParameter : IHasRefParameter
{
    public bool Lookup(int id, out string name)
    {
        name = "user " + id;
        return true;
    }
}

/// <summary>Counts executions and lets a test hold them at a gate.</summary>
public sealed class Backend
{
    private int _executions;

    public TaskCompletionSource<bool> Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Executions => Volatile.Read(ref _executions);

    public async Task<string> LoadAsync(int id)
    {
        Interlocked.Increment(ref _executions);
        await Gate.Task.ConfigureAwait(false);
        return $"user {id}";
    }
}

public sealed class UserRepository(Backend backend) : IUserRepository, IDisposable
{
    public bool Disposed { get; private set; }

    public Task<string> GetUserAsync(int id, CancellationToken cancellationToken = default) => backend.LoadAsync(id);

    public Task<string> GetUserUncoalescedAsync(int id) => backend.LoadAsync(id);

    public void Dispose() => Disposed = true;
}

public sealed class NotCoalesced : INotCoalesced
{
    public int Get() => 1;
}
