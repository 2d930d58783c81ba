using Castle.DynamicProxy;

namespace SharedCall.Tests.AutofacExtras;

/// <summary>Every return shape a coalesced method can have, plus a cancellable one and an unmarked one.</summary>
public interface IShapes
{
    [Coalesced]
    int Value(int id);

    [Coalesced]
    Task Task(int id);

    [Coalesced]
    Task<int> TaskOfT(int id);

    [Coalesced]
    ValueTask ValueTask(int id);

    [Coalesced]
    ValueTask<int> ValueTaskOfT(int id);

    [Coalesced]
    Task<int> GetAsync(int id, CancellationToken cancellationToken);

    int Plain(int id);
}

/// <summary>
/// Holds every execution until <see cref="Release"/>, so every caller that arrives meanwhile must join the one in
/// flight; counts executions; fails them with <see cref="Failure"/> when it is set.
/// </summary>
public sealed class Gate : IDisposable
{
    private readonly ManualResetEventSlim _released = new();
    private readonly TaskCompletionSource _releasedAsync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _executions;

    public int Executions => Volatile.Read(ref _executions);

    public Exception? Failure { get; set; }

    public void Release()
    {
        _released.Set();
        _releasedAsync.TrySetResult();
    }

    public void Block()
    {
        Interlocked.Increment(ref _executions);
        if (!_released.Wait(Bounded.Timeout))
        {
            throw new TimeoutException("The test never released the target.");
        }

        ThrowIfFailing();
    }

    public async Task BlockAsync()
    {
        Interlocked.Increment(ref _executions);
        await _releasedAsync.Task.WaitAsync(Bounded.Timeout);
        ThrowIfFailing();
    }

    public void Dispose() => _released.Dispose();

    private void ThrowIfFailing()
    {
        if (Failure is not null)
        {
            throw Failure;
        }
    }
}

public class Shapes(Gate gate) : IShapes
{
    public int Value(int id)
    {
        gate.Block();
        return id * 10;
    }

    public async Task Task(int id) => await gate.BlockAsync();

    public async Task<int> TaskOfT(int id)
    {
        await gate.BlockAsync();
        return id * 10;
    }

    public async ValueTask ValueTask(int id) => await gate.BlockAsync();

    public async ValueTask<int> ValueTaskOfT(int id)
    {
        await gate.BlockAsync();
        return id * 10;
    }

    public async Task<int> GetAsync(int id, CancellationToken cancellationToken)
    {
        await gate.BlockAsync().WaitAsync(cancellationToken);
        return id * 10;
    }

    public int Plain(int id) => id;
}

/// <summary>A class whose methods a class proxy can override.</summary>
public class VirtualShapes(Gate gate) : IShapes
{
    public virtual int Value(int id)
    {
        gate.Block();
        return id * 10;
    }

    public virtual async Task Task(int id) => await gate.BlockAsync();

    public virtual async Task<int> TaskOfT(int id)
    {
        await gate.BlockAsync();
        return id * 10;
    }

    public virtual async ValueTask ValueTask(int id) => await gate.BlockAsync();

    public virtual async ValueTask<int> ValueTaskOfT(int id)
    {
        await gate.BlockAsync();
        return id * 10;
    }

    public virtual async Task<int> GetAsync(int id, CancellationToken cancellationToken)
    {
        await gate.BlockAsync().WaitAsync(cancellationToken);
        return id * 10;
    }

    public virtual int Plain(int id) => id;
}

public interface IBadTemplate
{
    [Coalesced(Key = "user:{nope}")]
    Task<int> GetAsync(int id);
}

public sealed class BadTemplate : IBadTemplate
{
    public Task<int> GetAsync(int id) => System.Threading.Tasks.Task.FromResult(id);
}

/// <summary>An interface whose method is not marked, implemented by a class whose method is.</summary>
public interface IUnmarkedRepo
{
    Task<int> GetAsync(int id);
}

public sealed class MarkedOnClass : IUnmarkedRepo
{
    [Coalesced]
    public Task<int> GetAsync(int id) => System.Threading.Tasks.Task.FromResult(id);
}

/// <summary>Records the order in which named interceptors saw each call.</summary>
public sealed class Journal
{
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(string entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }
}

/// <summary>An interceptor like a user's logging one: counts every call it sees.</summary>
public class CountingInterceptor(Journal journal) : IInterceptor
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    protected virtual string Name => "logging";

    public void Intercept(IInvocation invocation)
    {
        Interlocked.Increment(ref _calls);
        journal.Add(Name + ":" + invocation.Method.Name);
        invocation.Proceed();
    }
}

/// <summary>A second user interceptor, to check the order of a chain.</summary>
public sealed class AuthorizingInterceptor(Journal journal) : CountingInterceptor(journal)
{
    protected override string Name => "authorization";
}

public interface IGenericRepo<T>
{
    [Coalesced]
    Task<T> FindAsync(int id);
}

public sealed class GenericRepo<T>(Gate gate) : IGenericRepo<T>
{
    public async Task<T> FindAsync(int id)
    {
        await gate.BlockAsync();
        return (T)Convert.ChangeType(id, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
