using SharedCall.Interception;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>The interface the proxy and container scenarios call: one method per shape and argument count.</summary>
public interface IBenchService
{
    int Unmarked(int id);
    [Coalesced] Task<int> Task0();
    [Coalesced] Task<int> Task1(int id);
    [Coalesced] Task<int> Task4(int id, string region, long version, Guid tenant);
    [Coalesced] ValueTask<int> ValueTask0();
    [Coalesced] ValueTask<int> ValueTask1(int id);
    [Coalesced] ValueTask<int> ValueTask4(int id, string region, long version, Guid tenant);
    [Coalesced] int Sync0();
    [Coalesced] int Sync1(int id);
    [Coalesced] int Sync4(int id, string region, long version, Guid tenant);

    /// <summary>Returns the gate's task: an execution that stays in flight until the gate opens.</summary>
    [Coalesced] Task<int> Pending(int id);
}

/// <summary>The target: completes synchronously and counts every call that reached it.</summary>
public sealed class BenchService : IBenchService
{
    private static readonly Task<int> s_done = Task.FromResult(42);

    public long Runs { get; set; }
    public TaskCompletionSource<int> Gate { get; set; } = new();

    /// <summary>Gets or sets the calls of <see cref="Unmarked"/> on every instance (scoped registrations make many).</summary>
    public static long UnmarkedCalls { get; set; }

    public int Unmarked(int id)
    {
        UnmarkedCalls++;
        return Value();
    }

    public Task<int> Task0() => Done();
    public Task<int> Task1(int id) => Done();
    public Task<int> Task4(int id, string region, long version, Guid tenant) => Done();
    public ValueTask<int> ValueTask0() => new(Value());
    public ValueTask<int> ValueTask1(int id) => new(Value());
    public ValueTask<int> ValueTask4(int id, string region, long version, Guid tenant) => new(Value());
    public int Sync0() => Value();
    public int Sync1(int id) => Value();
    public int Sync4(int id, string region, long version, Guid tenant) => Value();

    public Task<int> Pending(int id)
    {
        Runs++;
        return Gate.Task;
    }

    private Task<int> Done()
    {
        Runs++;
        return s_done;
    }

    private int Value()
    {
        Runs++;
        return 42;
    }
}

/// <summary>A hand-written decorator that forwards every call: the floor of any wrapper around the target.</summary>
public sealed class ForwardingBenchService(IBenchService inner) : IBenchService
{
    public int Unmarked(int id) => inner.Unmarked(id);
    public Task<int> Task0() => inner.Task0();
    public Task<int> Task1(int id) => inner.Task1(id);
    public Task<int> Task4(int id, string region, long version, Guid tenant) => inner.Task4(id, region, version, tenant);
    public ValueTask<int> ValueTask0() => inner.ValueTask0();
    public ValueTask<int> ValueTask1(int id) => inner.ValueTask1(id);
    public ValueTask<int> ValueTask4(int id, string region, long version, Guid tenant) => inner.ValueTask4(id, region, version, tenant);
    public int Sync0() => inner.Sync0();
    public int Sync1(int id) => inner.Sync1(id);
    public int Sync4(int id, string region, long version, Guid tenant) => inner.Sync4(id, region, version, tenant);
    public Task<int> Pending(int id) => inner.Pending(id);
}
