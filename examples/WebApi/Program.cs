// shared-call-py's web scenario on real parts: ASP.NET Core, Autofac with EnableInterfaceInterceptors(), Npgsql, PostgreSQL.
//   SHAREDCALL_PG_CONNECTION="Host=127.0.0.1;Port=5432;Username=postgres;Database=sharedcall" \
//     dotnet run -c Release --project examples/WebApi -- --urls http://127.0.0.1:5080
// examples/WebApi/load-test.sh starts PostgreSQL and this API, and load-tests both endpoints with hey.
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Npgsql;
using SharedCall;
using SharedCall.Examples.WebApi;
using SharedCall.Interception.Autofac;

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

builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
builder.Host.ConfigureContainer<ContainerBuilder>(container =>
{
    container.RegisterCoalescing();
    container.Register(_ => NpgsqlDataSource.Create(pooled.ConnectionString)).SingleInstance();
    container.RegisterType<QueryCounter>().SingleInstance();

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
        repositoryQueries = counter.Queries,
    });
});

await app.RunAsync();
