using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace SharedCall.Redis.Internal;

/// <summary>
/// The Redis names of one key: the lease <c>prefix:coalescer:operation:{hash}</c>, its result (<c>…:result</c>) and the
/// coalescer's completion channel <c>prefix:coalescer:done</c>. The hash is the SHA-256 of the key and the result type's
/// name, so no argument value appears in a name and executions of different result types never meet. It is a Redis
/// Cluster hash tag (in braces), so a lease and its result live in one slot, as the scripts and transactions that touch
/// both require; leases of different keys still spread over the cluster.
/// </summary>
internal readonly struct RedisKeys
{
    private RedisKeys(string lease, string channel)
    {
        Name = lease;
        Lease = lease;
        Result = lease + ":result";
        Channel = RedisChannel.Literal(channel);
    }

    /// <summary>Gets the lease key's name, which is also the message that announces its completion.</summary>
    public string Name { get; }

    public RedisKey Lease { get; }

    public RedisKey Result { get; }

    public RedisChannel Channel { get; }

    public static RedisKeys For<T>(string prefix, string coalescer, string operation, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + (typeof(T).FullName ?? typeof(T).Name)));
        return new RedisKeys($"{prefix}:{coalescer}:{operation}:{{{Convert.ToHexStringLower(hash)}}}", $"{prefix}:{coalescer}:done");
    }
}
