using Autofac;
using Npgsql;
using SharedCall.Interception.Autofac;

namespace SharedCall.IntegrationTests;

/// <summary>
/// The <c>[Coalesced]</c> repository through Autofac's <c>EnableInterfaceInterceptors()</c>, against a real
/// PostgreSQL; the query counts are the server's own (<c>pg_stat_statements</c>).
/// </summary>
[NonParallelizable]
public sealed class CoalescedRepositoryTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private NpgsqlDataSource _dataSource = null!;
    private NpgsqlDataSource _admin = null!;
    private ServerStatements _server = null!;
    private IContainer _container = null!;

    [OneTimeSetUp]
    public void OpenDatabase()
    {
        var connectionString = PostgresSetUp.Require();
        // The web example's pool: at most 10 connections, so uncoalesced calls queue exactly as they would there.
        _dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=10;Timeout=60");
        _admin = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=4;Application Name=sharedcall-tests-admin");
        _server = new ServerStatements(_admin);
    }

    [OneTimeTearDown]
    public async Task CloseDatabaseAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            await _admin.DisposeAsync();
        }
    }

    [SetUp]
    public async Task BuildContainerAsync()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(_dataSource).ExternallyOwned();
        builder.RegisterType<TargetCalls>().SingleInstance();
        // One repository per scope, as in a web request: coalescing is across scopes because the Coalescer is shared.
        builder.RegisterType<PostgresProductRepository>().As<IProductRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors();
        _container = builder.Build();
        await _server.ResetAsync();
    }

    [TearDown]
    public void DisposeContainer() => _container.Dispose();

    [Test]
    public async Task Two_hundred_concurrent_calls_run_one_query_on_the_server()
    {
        var scopes = Enumerable.Range(0, 200).Select(_ => _container.BeginLifetimeScope()).ToArray();
        try
        {
            Task<Product?>[] calls;
            await using (await _server.CloseGateAsync())
            {
                calls = scopes.Select(scope => scope.Resolve<IProductRepository>().GetProductAsync(42)).ToArray();
                await _server.WaitUntilAtGateAsync(1).WaitAsync(s_bound);
            }

            var products = await Task.WhenAll(calls).WaitAsync(s_bound);

            Assert.That(await _server.CountProductQueriesAsync(), Is.EqualTo(1), "queries the server executed");
            Assert.That(_container.Resolve<TargetCalls>().Of(nameof(IProductRepository.GetProductAsync)), Is.EqualTo(1));
            Assert.That(products[0], Is.EqualTo(new Product(42, "Product 42", products[0]!.Price, products[0]!.Stock)));
            Assert.That(products, Has.All.SameAs(products[0]));
            var stats = _container.Resolve<Coalescer>().GetStats();
            Assert.That((stats.Misses, stats.Hits), Is.EqualTo((1L, 199L)));
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Different_ids_run_one_query_each()
    {
        var repository = _container.Resolve<IProductRepository>();

        Task<Product?>[] calls;
        await using (await _server.CloseGateAsync())
        {
            calls = Enumerable.Range(0, 60).Select(i => repository.GetProductAsync(1 + (i % 3))).ToArray();
            await _server.WaitUntilAtGateAsync(3).WaitAsync(s_bound);
        }

        var products = await Task.WhenAll(calls).WaitAsync(s_bound);

        Assert.That(await _server.CountProductQueriesAsync(), Is.EqualTo(3));
        Assert.That(products.Select(p => p!.Id), Is.EqualTo(Enumerable.Range(0, 60).Select(i => 1 + (i % 3))));
    }

    [Test]
    public async Task A_failing_query_reaches_every_caller()
    {
        var repository = _container.Resolve<IProductRepository>();

        Task<Product?>[] calls;
        await using (await _server.CloseGateAsync())
        {
            calls = Enumerable.Range(0, 50).Select(_ => repository.GetBrokenProductAsync(7)).ToArray();
            await _server.WaitUntilAtGateAsync(1).WaitAsync(s_bound);
        }

        var failure = await Task.WhenAll(calls).ContinueWith(t => t, TaskScheduler.Default).WaitAsync(s_bound);

        Assert.That(failure.IsFaulted, Is.True);
        var errors = calls.Select(call => call.Exception?.InnerException).ToArray();
        Assert.That(errors, Has.All.InstanceOf<PostgresException>());
        Assert.That(((PostgresException)errors[0]!).SqlState, Is.EqualTo(PostgresErrorCodes.DivisionByZero));
        Assert.That(errors, Has.All.SameAs(errors[0]), "every caller gets the one exception the server's error raised");
        Assert.That(_container.Resolve<TargetCalls>().Of(nameof(IProductRepository.GetBrokenProductAsync)), Is.EqualTo(1));
        Assert.That(_container.Resolve<Coalescer>().GetStats().Errors, Is.EqualTo(1));
    }

    [Test]
    public async Task A_cancelled_caller_does_not_cancel_the_query_of_the_others()
    {
        var repository = _container.Resolve<IProductRepository>();
        using var impatient = new CancellationTokenSource();

        var cancelled = repository.GetProductAsync(5, impatient.Token);
        var patient = repository.GetProductAsync(5);
        await _server.WaitUntilRunningAsync().WaitAsync(s_bound);
        await impatient.CancelAsync();

        Assert.That(async () => await cancelled.WaitAsync(s_bound), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(patient.IsCompleted, Is.False, "the impatient caller stopped waiting before the query finished");
        Assert.That((await patient.WaitAsync(s_bound))!.Id, Is.EqualTo(5));
        Assert.That(await _server.CountProductQueriesAsync(), Is.EqualTo(1), "the query completed on the server");
        Assert.That(_container.Resolve<TargetCalls>().Of(nameof(IProductRepository.GetProductAsync)), Is.EqualTo(1), "both callers shared it");
    }

    [Test]
    public async Task When_every_caller_cancels_the_query_is_cancelled_on_the_server()
    {
        var repository = _container.Resolve<IProductRepository>();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var calls = new[] { repository.GetProductAsync(6, first.Token), repository.GetProductAsync(6, second.Token) };
        await _server.WaitUntilRunningAsync().WaitAsync(s_bound);
        await first.CancelAsync();
        await second.CancelAsync();

        foreach (var call in calls)
        {
            Assert.That(async () => await call.WaitAsync(s_bound), Throws.InstanceOf<OperationCanceledException>());
        }

        // A cancelled statement is never recorded as completed: the server stopped it.
        Assert.That(await _server.CountProductQueriesAsync(), Is.Zero);
        Assert.That(_container.Resolve<TargetCalls>().Of(nameof(IProductRepository.GetProductAsync)), Is.EqualTo(1));
    }

    [Test]
    public async Task The_unmarked_method_is_not_coalesced()
    {
        var repository = _container.Resolve<IProductRepository>();

        var calls = Enumerable.Range(0, 20).Select(_ => repository.GetProductUncoalescedAsync(42)).ToArray();
        var products = await Task.WhenAll(calls).WaitAsync(s_bound);

        Assert.That(await _server.CountProductQueriesAsync(), Is.EqualTo(20), "one server query per call");
        Assert.That(_container.Resolve<TargetCalls>().Of(nameof(IProductRepository.GetProductUncoalescedAsync)), Is.EqualTo(20));
        Assert.That(products.Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(20), "each call got its own result object");
        Assert.That(_container.Resolve<Coalescer>().GetStats().Misses, Is.Zero, "the coalescer never saw the calls");
    }
}
