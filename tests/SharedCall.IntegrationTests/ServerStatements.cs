using Npgsql;

namespace SharedCall.IntegrationTests;

/// <summary>What the server itself counted, from <c>pg_stat_statements</c>: the only witness the client cannot fool.</summary>
internal sealed class ServerStatements(NpgsqlDataSource admin)
{
    private static readonly TimeSpan s_idleTimeout = TimeSpan.FromSeconds(10);

    public async Task ResetAsync()
    {
        await WaitUntilIdleAsync();
        await using var command = admin.CreateCommand("SELECT pg_stat_statements_reset()");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Counts the completed product queries (failed or cancelled statements are not recorded by the server).</summary>
    public async Task<long> CountProductQueriesAsync()
    {
        // A statement is recorded when its backend finishes it, which may be just after the client saw the result.
        await WaitUntilIdleAsync();
        await using var command = admin.CreateCommand(
            "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements " +
            "WHERE query LIKE '%pg_sleep%FROM products%' AND query NOT LIKE '%pg_stat_statements%'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Counts the product queries running on the server now.</summary>
    public async Task<long> CountRunningProductQueriesAsync()
    {
        await using var command = admin.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() " +
            "AND query LIKE '%pg_sleep%FROM products%'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until a product query runs on the server: a gate on the server's state instead of a sleep.</summary>
    public async Task WaitUntilRunningAsync()
    {
        using var timeout = new CancellationTokenSource(s_idleTimeout);
        while (await CountRunningProductQueriesAsync() == 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Takes the gate (<see cref="PostgresProductRepository.GateLock"/>) exclusively: product queries that
    /// start now wait on the server until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> CloseGateAsync()
    {
        var connection = await admin.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@gate)", connection);
        command.Parameters.AddWithValue("gate", PostgresProductRepository.GateLock);
        await command.ExecuteNonQueryAsync();
        return new Gate(connection);
    }

    /// <summary>Waits until <paramref name="count"/> product queries wait at the closed gate.</summary>
    public async Task WaitUntilAtGateAsync(int count)
    {
        using var timeout = new CancellationTokenSource(s_idleTimeout);
        while (true)
        {
            await using var command = admin.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' " +
                "AND query LIKE '%pg_sleep%FROM products%'");
            if ((long)(await command.ExecuteScalarAsync())! >= count)
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task WaitUntilIdleAsync()
    {
        using var timeout = new CancellationTokenSource(s_idleTimeout);
        while (true)
        {
            await using var command = admin.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() " +
                "AND pid <> pg_backend_pid() AND state NOT IN ('idle')");
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class Gate(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                // A session-level advisory lock outlives the pooled connection's return: release it explicitly.
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@gate)", connection);
                command.Parameters.AddWithValue("gate", PostgresProductRepository.GateLock);
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
