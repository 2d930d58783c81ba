namespace SharedCall.Interception.Tests;

public sealed record User(int Id, string Name);

public interface IUserRepository
{
    [Coalesced]
    Task<User> GetUserAsync(int id, CancellationToken cancellationToken);

    [Coalesced(Key = "user:{userId}")]
    Task<User> GetUserByTemplateAsync(int userId, string? traceId, CancellationToken cancellationToken);

    Task<User> GetUncoalescedAsync(int id);
}

public interface IShapes
{
    [Coalesced]
    int Value(int id);

    [Coalesced]
    void Void(int id);

    [Coalesced]
    Task Task(int id);

    [Coalesced]
    Task<int> TaskOfT(int id);

    [Coalesced]
    ValueTask ValueTask(int id);

    [Coalesced]
    ValueTask<int> ValueTaskOfT(int id);

    [Coalesced]
    int ValueWithToken(int id, CancellationToken cancellationToken);

    Task<int> UnmarkedAsync(int id);

    int Unmarked(int id);
}

public interface IKeys
{
    [Coalesced]
    Task<int> SumAsync(int[] values);

    [Coalesced]
    Task<int> NamesAsync(string?[] names);

    [Coalesced]
    Task<int> NestedAsync(object?[] values);

    [Coalesced]
    Task<int> TwoAsync(string? first, long second);

    [Coalesced]
    Task<T> GenericAsync<T>(int id);

    [Coalesced]
    Task<int> OverloadAsync(int id);

    [Coalesced]
    Task<int> OverloadAsync(long id);

    [Coalesced(Key = "price:{amount}")]
    Task<int> PriceAsync(decimal amount);

    [Coalesced(Key = "day:{day:yyyy-MM-dd}/{{literal}}")]
    Task<int> DayAsync(DateTime day, int ignored);
}

[Coalesced]
public interface ICatalog
{
    int Size { get; }

    Task<int> CountAsync(string category);
}

public interface IBaseLookup
{
    [Coalesced]
    Task<int> LookupAsync(int id);
}

public interface IDerivedLookup : IBaseLookup
{
    Task<int> OtherAsync(int id);
}

public interface IGenericStore<T>
{
    [Coalesced]
    Task<T> LoadAsync(int id);
}

[Coalesced]
public interface IMarkedWithoutMethods
{
    int Size { get; }
}

public interface IPlain
{
    Task<int> GetAsync(int id);
}

public interface IWithRef
{
    [Coalesced]
    int Read(ref int id);
}

public interface IWithOut
{
    [Coalesced]
    bool TryGet(int id, out int value);
}

public interface IWithAsyncEnumerable
{
    [Coalesced]
    IAsyncEnumerable<int> StreamAsync(int id);
}

public interface IWithUnknownTemplateName
{
    [Coalesced(Key = "user:{id}")]
    Task<int> GetAsync(int userId);
}

public interface IWithTokenTemplate
{
    [Coalesced(Key = "user:{cancellationToken}")]
    Task<int> GetAsync(int userId, CancellationToken cancellationToken);
}

public interface IWithArrayTemplate
{
    [Coalesced(Key = "users:{ids}")]
    Task<int> GetAsync(int[] ids);
}

public interface IWithMalformedTemplate
{
    [Coalesced(Key = "user:{userId")]
    Task<int> GetAsync(int userId);
}

internal interface IHidden
{
    [Coalesced]
    Task<int> GetAsync(int id);
}
