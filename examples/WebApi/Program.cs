// shared-call-py's web scenario on real parts: ASP.NET Core, Autofac with EnableInterfaceInterceptors(), Npgsql, PostgreSQL.
//   SHAREDCALL_PG_CONNECTION="Host=127.0.0.1;Port=5432;Username=postgres;Database=sharedcall" \
//     dotnet run -c Release --project examples/WebApi -- --urls http://127.0.0.1:5080
// examples/WebApi/load-test.sh starts PostgreSQL and this API, and load-tests both endpoints with hey; with --fleet 3 it
// starts three of these APIs on one PostgreSQL and one Redis (SHAREDCALL_REDIS), and sends the same burst to all three.
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Npgsql;
using SharedCall;
using SharedCall.Examples.WebApi;
using SharedCall.Interception.Autofac;
using SharedCall.Redis;

var builder = WebApplication.CreateBuilder(args);
// A log line per request would cost more than the requests under load: keep the startup lines and the warnings.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var connectionString = builder.Configuration["SHAREDCALL_PG_CONNECTION"]
    ?? builder.Configuration.GetConnectionString("Products")
    ?? throw new InvalidOperationException("Set SHAREDCALL_PG_CONNECTION (or ConnectionStrings:Products) to the PostgreSQL connection string.");

// shared-call-py's pool: asyncpg min 5, max 10. Npgsql's Timeout (seconds) is also how long a request waits for a pooled
// connection; its default of 15 s would fail most of a 1,000-request burst on the plain endpoint (each request holds
// a connection for 0.5 s, so the last one waits ~50 s). It is raised to 120 s so that the plain run shows what
// shared-call-py's plain endpoint did: every request succeeds, slowly. Set POOL_TIMEOUT_SECONDS=15 to see the
// failures instead.
var poolTimeout = builder.Configuration.GetValue("POOL_TIMEOUT_SECONDS", 120);
var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10, MinPoolSize = 5, Timeout = poolTimeout };

// How long each query holds its connection on the server (pg_sleep): shared-call-py's 0.5 s by default. A burst is
// coalesced only while its first execution runs, so the fleet test lengthens it to cover its three bursts' arrival.
var queryDelay = new QueryDelay(TimeSpan.FromSeconds(builder.Configuration.GetValue("QUERY_DELAY_SECONDS", 0.5)));

// The coalescing level of the [Coalesced] endpoint: this process only, or, with SHAREDCALL_REDIS set to a
// StackExchange.Redis configuration string ("127.0.0.1:6379"), every API process sharing that Redis.
var redisConfiguration = builder.Configuration["SHAREDCALL_REDIS"];

builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
builder.Host.ConfigureContainer<ContainerBuilder>(container =>
{
    container.RegisterCoalescing(options =>
    {
        if (redisConfiguration is not null)
        {
            options.UseRedis(redisConfiguration); // one execution per key across the processes sharing this Redis
        }
    });
    container.Register(_ => NpgsqlDataSource.Create(pooled.ConnectionString)).SingleInstance();
    container.RegisterType<QueryCounter>().SingleInstance();
    container.RegisterInstance(queryDelay);

    // The same class twice: as itself for the plain endpoint, and behind the [Coalesced] interface, proxied.
    container.RegisterType<ProductRepository>().AsSelf().InstancePerLifetimeScope();
    container.RegisterType<ProductRepository>().As<IProductRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors();
});

var app = builder.Build();

app.MapGet("/products/{id:int}", async (int id, ProductRepository repository, CancellationToken cancellationToken) =>
    await repository.GetProductAsync(id, cancellationToken) is { } product ? Results.Ok(product) : Results.NotFound());

app.MapGet("/products/{id:int}/coalesced", async (int id, IProductRepository repository, CancellationToken cancellationToken) =>
    await repository.GetProductAsync(id, cancellationToken) is { } product ? Results.Ok(product) : Results.NotFound());

app.MapGet("/stats", (Coalescer coalescer, QueryCounter counter) =>
{
    var stats = coalescer.GetStats();
    return Results.Ok(new
    {
        coalescer = new { stats.Hits, stats.Misses, stats.Errors, stats.Active, stats.HitRate },
        level = redisConfiguration is null ? "in-process" : "fleet (Redis)",
        repositoryQueries = counter.Queries,
    });
});

await app.RunAsync();
