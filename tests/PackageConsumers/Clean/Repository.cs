using SharedCall;
using SharedCall.Interception;

namespace Clean;

public sealed record User(int Id, string Name);

public interface IUserRepository
{
    [Coalesced(Key = "user:{id}")]
    Task<User?> GetUserAsync(int id, CancellationToken cancellationToken = default);

    [Coalesced]
    Task<IReadOnlyList<User>> GetUsersAsync(string team, CancellationToken cancellationToken = default);

    Task SaveAsync(User user);
}

public sealed class UserRepository : IUserRepository
{
    public Task<User?> GetUserAsync(int id, CancellationToken cancellationToken = default) => Task.FromResult<User?>(new User(id, "Ada"));

    public Task<IReadOnlyList<User>> GetUsersAsync(string team, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<User>>([new User(1, "Ada")]);

    public Task SaveAsync(User user) => Task.CompletedTask;
}

public static class Setup
{
    public static IUserRepository Create(Coalescer coalescer) => CoalescingProxy.Create<IUserRepository>(new UserRepository(), coalescer);
}
