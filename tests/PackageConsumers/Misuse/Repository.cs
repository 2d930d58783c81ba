using SharedCall.Interception;

namespace Misuse;

public interface IUserRepository
{
    // SC1001: a caller joined to another caller's execution could not receive its own 'found'.
    [Coalesced]
    Task<int> GetUserAsync(int id, out bool found);
}
