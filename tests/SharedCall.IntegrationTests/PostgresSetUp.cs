namespace SharedCall.IntegrationTests;

/// <summary>Gets PostgreSQL once for the whole run and stops the cluster it started itself.</summary>
[SetUpFixture]
public sealed class PostgresSetUp
{
    /// <summary>Gets the connection string, when PostgreSQL could be had.</summary>
    public static string? ConnectionString { get; private set; }

    /// <summary>Gets why PostgreSQL could not be had, when it could not.</summary>
    public static string? Unavailable { get; private set; }

    /// <summary>Skips the calling fixture, with the reason, when there is no PostgreSQL; never passes it.</summary>
    public static string Require()
    {
        if (ConnectionString is null)
        {
            Assert.Ignore($"PostgreSQL is not available: {Unavailable}");
        }

        return ConnectionString!;
    }

    [OneTimeSetUp]
    public async Task StartAsync() => (ConnectionString, Unavailable) = await PostgresServer.AcquireAsync();

    [OneTimeTearDown]
    public Task StopAsync() => PostgresServer.ReleaseAsync();
}
