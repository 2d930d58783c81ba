using SharedCall.Interception;

namespace SharedCall.Reliability.Tests.Proxies;

public interface IUnknownTemplateName
{
    [Coalesced(Key = "user:{nope}")]
    Task<int> GetAsync(int id);
}

public interface IDuplicateTemplateName
{
    [Coalesced(Key = "user:{id}:{id}")]
    Task<int> GetAsync(int id);
}

public interface IRefParameter
{
    [Coalesced]
    int Get(ref int id);
}

public interface IAsyncSequence
{
    [Coalesced]
    IAsyncEnumerable<int> GetAll();
}

internal interface IHiddenService
{
    [Coalesced]
    Task<int> GetAsync(int id);
}

public interface IBadTargetService
{
    [Coalesced]
    Task<int> NullTaskAsync(int id);

    [Coalesced]
    Task NullVoidTaskAsync(int id);

    [Coalesced]
    Task<int> SumAsync(int[] values);

    [Coalesced]
    int Reenter(int id);

    [Coalesced]
    Task<int> ReenterAsync(int id);
}

internal sealed class HiddenService : IHiddenService
{
    public Task<int> GetAsync(int id) => Task.FromResult(id);
}

internal sealed class DuplicateTemplateName : IDuplicateTemplateName
{
    public int Calls;

    public async Task<int> GetAsync(int id)
    {
        Interlocked.Increment(ref Calls);
        await Task.Delay(50);
        return id;
    }
}

/// <summary>A target that misbehaves: null tasks, and calls back into its own proxy with the same arguments.</summary>
internal sealed class BadTarget : IBadTargetService
{
    public IBadTargetService? Proxy { get; set; }

    public int Sums;

    public Task<int> NullTaskAsync(int id) => null!;

    public Task NullVoidTaskAsync(int id) => null!;

    public async Task<int> SumAsync(int[] values)
    {
        Interlocked.Increment(ref Sums);
        await Task.Delay(50);
        return values.Length;
    }

    public int Reenter(int id) => Proxy!.Reenter(id);

    public Task<int> ReenterAsync(int id) => Proxy!.ReenterAsync(id);
}
