using StackExchange.Redis;

namespace SharedCall.Redis.Internal;

/// <summary>
/// The lease of a key: taken with <c>SET lease token NX PX</c>; extended, completed and released only while its value is
/// still the owner's token. Those compare-and-act steps run as Lua scripts where the server has them, otherwise as
/// <c>WATCH</c>/<c>MULTI</c> transactions (Garnet runs Lua only with <c>--lua</c>). A step that finds another token
/// changes nothing: a leader whose lease expired never overwrites its successor's lease or result.
/// </summary>
internal sealed class LeaseCommands(RedisSettings settings)
{
    private const string ExtendScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    // ARGV[2] empty: release without a result (every local caller cancelled).
    private const string CompleteScript =
        "if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end " +
        "if ARGV[2] ~= '' then redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]) end " +
        "redis.call('del', KEYS[1]) return 1";

    private volatile bool _useScripts = settings.UseScripts;

    public Task<bool> TryAcquireAsync(IDatabase database, RedisKeys keys, string token) =>
        database.StringSetAsync(keys.Lease, token, settings.LeaseTime, When.NotExists);

    public async Task<bool> ExtendAsync(IDatabase database, RedisKeys keys, string token)
    {
        if (_useScripts && await TryScriptAsync(database, ExtendScript, [keys.Lease], [token, (long)settings.LeaseTime.TotalMilliseconds]).ConfigureAwait(false) is { } extended)
        {
            return extended;
        }

        var transaction = database.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(keys.Lease, token));
        _ = transaction.KeyExpireAsync(keys.Lease, settings.LeaseTime);
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="payload"/> (null: nothing) and deletes the lease, only if the lease is still <paramref name="token"/>'s.</summary>
    public async Task<bool> CompleteAsync(IDatabase database, RedisKeys keys, string token, byte[]? payload)
    {
        if (_useScripts && await TryScriptAsync(
            database,
            CompleteScript,
            [keys.Lease, keys.Result],
            [token, payload ?? [], (long)settings.ResultTtl.TotalMilliseconds]).ConfigureAwait(false) is { } completed)
        {
            return completed;
        }

        var transaction = database.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(keys.Lease, token));
        if (payload is not null)
        {
            _ = transaction.StringSetAsync(keys.Result, payload, settings.ResultTtl);
        }

        _ = transaction.KeyDeleteAsync(keys.Lease);
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    // Null when the server refuses scripts (unknown command, scripting off): from then on transactions are used.
    private async Task<bool?> TryScriptAsync(IDatabase database, string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return (long)await database.ScriptEvaluateAsync(script, keys, values).ConfigureAwait(false) == 1;
        }
        catch (RedisServerException)
        {
            _useScripts = false;
            return null;
        }
    }
}
