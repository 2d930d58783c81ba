using Autofac;
using Autofac.Core;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Interception;
using SharedCall.Interception.Autofac;
using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>
/// With a Redis level, a [Coalesced] method whose default-key arguments or result cannot cross processes fails the
/// proxy's creation, naming the method, the type and the fix, whichever way the proxy is made.
/// </summary>
[NonParallelizable]
public sealed class CrossProcessChecksTests
{
    private ConnectionMultiplexer _redis = null!;

    public interface IItem
    {
        int Id { get; }
    }

    public interface IByPredicate
    {
        [Coalesced]
        Task<string> FindAsync(Func<int, bool> predicate, CancellationToken cancellationToken);
    }

    public interface IReturnsAnInterface
    {
        [Coalesced]
        Task<IItem> GetAsync(int id);
    }

    public interface IReturnsObject
    {
        [Coalesced]
        ValueTask<object> GetAsync(int id);
    }

    public interface IByOpaqueFilter
    {
        [Coalesced]
        Task<int> CountAsync(Opaque filter);
    }

    public interface IListsOfInterfaces
    {
        [Coalesced]
        Task<List<IItem>> ListAsync(string culture);
    }

    /// <summary>Each problem of the interfaces above, fixed the way the messages say.</summary>
    public interface IFixed
    {
        [Coalesced(CrossProcess = false)]
        Task<string> FindAsync(Func<int, bool> predicate, CancellationToken cancellationToken);

        [Coalesced(Key = "count:{page}")]
        Task<int> CountAsync(Opaque filter, int page);

        [Coalesced(CrossProcess = false)]
        Task<IItem> GetAsync(int id);

        [Coalesced]
        string Now(Func<int, bool> predicate);
    }

    /// <summary>What crosses processes: numbers, strings, enums, records, arrays and collections of them.</summary>
    public interface IShareable
    {
        [Coalesced]
        Task<Item> GetAsync(int id, string name, DayOfWeek day, Item example, int[] ids, CancellationToken cancellationToken);

        [Coalesced]
        ValueTask<IReadOnlyList<Item>> ListAsync(Dictionary<string, int> filter);

        [Coalesced]
        Task SaveAsync(Item item);

        [Coalesced]
        Task<int?> CountAsync(Guid id, DateTimeOffset since);
    }

    /// <summary>Checked per call: what an object parameter holds is known only then.</summary>
    public interface IByAnything
    {
        [Coalesced]
        Task<string> FindAsync(object filter);
    }

    [OneTimeSetUp]
    public async Task ConnectNowhere() =>
        _redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServer.FreePort()},abortConnect=false,connectTimeout=200");

    [OneTimeTearDown]
    public void Disconnect() => _redis?.Dispose();

    [TestCase(typeof(IByPredicate), "FindAsync", "parameter 'predicate' of type 'Func<Int32, Boolean>'", "key template")]
    [TestCase(typeof(IByOpaqueFilter), "CountAsync", "parameter 'filter' of type 'Opaque'", "no public properties")]
    [TestCase(typeof(IReturnsAnInterface), "GetAsync", "IItem", "interface")]
    [TestCase(typeof(IReturnsObject), "GetAsync", "result type 'Object'", "JsonElement")]
    [TestCase(typeof(IListsOfInterfaces), "ListAsync", "result type 'List<IItem>' cannot be read back as declared: 'IItem'", "interface")]
    public void CoalescingProxyCreateFailsNamingTheMethodTheTypeAndTheFix(Type service, string method, string type, string why)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CoalescingProxy.Create(service, new Implementation(), Fleetwide()));

        Assert.That(error!.Message, Does.Contain($"method '{method}'").And.Contain(type).And.Contain(why).And.Contain("CrossProcess = false"));
    }

    [Test]
    public void MethodsThatCannotCrossProcessesAreFineWithoutARedisLevelAndOnceFixed()
    {
        Assert.That(CoalescingProxy.Create<IByPredicate>(new Implementation(), new Coalescer()), Is.Not.Null);
        Assert.That(CoalescingProxy.Create<IFixed>(new Implementation(), Fleetwide()), Is.Not.Null);
        Assert.That(CoalescingProxy.Create<IShareable>(new Implementation(), Fleetwide()), Is.Not.Null);
    }

    [Test]
    public void TheResultCheckUsesTheConfiguredSerializerOptions()
    {
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new ItemConverter() } };
        var coalescer = new Coalescer(new CoalescerOptions().UseRedis(_redis, redis => redis.SerializerOptions = options));

        Assert.That(CoalescingProxy.Create<IReturnsAnInterface>(new Implementation(), coalescer), Is.Not.Null, "a converter reads IItem back");
    }

    [Test]
    public async Task ACallWhoseObjectArgumentCannotBeWrittenStaysInItsProcessAndIsCounted()
    {
        using var telemetry = new TelemetryRecorder();
        var coalescer = new Coalescer(new CoalescerOptions { MeterFactory = telemetry }.UseRedis(_redis));
        var proxy = CoalescingProxy.Create<IByAnything>(new Implementation(), coalescer);

        Assert.That(await proxy.FindAsync(new Func<int, bool>(i => i > 0)).Bounded(), Is.EqualTo("anything"));
        Assert.That(telemetry.Sum("sharedcall.remote.kept_local", ("sharedcall.remote.reason", "key_not_string")), Is.EqualTo(1));
    }

    [Test]
    public void MicrosoftDependencyInjectionFailsOnTheFirstResolve()
    {
        var services = new ServiceCollection()
            .AddCoalescing(o => o.UseRedis(_redis))
            .AddSingleton<IReturnsAnInterface, Implementation>()
            .Coalesce<IReturnsAnInterface>()
            .AddSingleton<IShareable, Implementation>()
            .Coalesce<IShareable>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IReturnsAnInterface>());
        Assert.That(error!.Message, Does.Contain("IReturnsAnInterface").And.Contain("'GetAsync'").And.Contain("IItem").And.Contain("CrossProcess = false"));
        Assert.That(provider.GetRequiredService<IShareable>(), Is.Not.Null);
    }

    [Test]
    public void AutofacFailsOnTheFirstResolve()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing(o => o.UseRedis(_redis));
        builder.RegisterType<Implementation>().As<IByPredicate>().EnableInterfaceInterceptors();
        builder.RegisterType<Implementation>().As<IShareable>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        var error = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IByPredicate>());
        Assert.That(Messages(error!), Has.Some.Contain("IByPredicate").And.Contain("'predicate'").And.Contain("Func<Int32, Boolean>").And.Contain("CrossProcess = false"));
        Assert.That(container.Resolve<IShareable>(), Is.Not.Null);
    }

    [Test]
    public void AProxyBuiltWithCastleDirectlyIsCheckedOnRequest()
    {
        var interceptor = new CoalescingInterceptor(new Coalescer(new CoalescerOptions().UseRedis(_redis)));
        var generator = new Castle.DynamicProxy.ProxyGenerator();
        var proxy = generator.CreateInterfaceProxyWithTarget<IByPredicate>(new Implementation(), interceptor);
        var shareable = generator.CreateInterfaceProxyWithTarget<IShareable>(new Implementation(), interceptor);

        var error = Assert.Throws<InvalidOperationException>(() => CoalescingProxy.ValidateCrossProcess(proxy));
        Assert.That(error!.Message, Does.Contain("IByPredicate").And.Contain("'predicate'").And.Contain("CrossProcess = false"));
        Assert.DoesNotThrow(() => CoalescingProxy.ValidateCrossProcess(shareable));
        Assert.DoesNotThrow(() => CoalescingProxy.ValidateCrossProcess(new Implementation()), "not a proxy: nothing to check");
    }

    private static IEnumerable<string> Messages(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception.Message;
        }
    }

    private Coalescer Fleetwide() => new(new CoalescerOptions().UseRedis(_redis));

    public sealed record Item(int Id, string Name) : IItem;

    /// <summary>Fields only: System.Text.Json writes every value as {}.</summary>
    public sealed class Opaque
    {
#pragma warning disable SA1401, CA1051 // The point of the type: no properties.
        public int Value;
#pragma warning restore SA1401, CA1051
    }

    private sealed class ItemConverter : System.Text.Json.Serialization.JsonConverter<IItem>
    {
        public override IItem Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
            new Item(reader.GetInt32(), string.Empty);

        public override void Write(System.Text.Json.Utf8JsonWriter writer, IItem value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Id);
    }

    private sealed class Implementation : IByAnything, IByPredicate, IReturnsAnInterface, IReturnsObject, IByOpaqueFilter, IListsOfInterfaces, IFixed, IShareable
    {
        public Task<string> FindAsync(Func<int, bool> predicate, CancellationToken cancellationToken) => Task.FromResult("found");

        public Task<IItem> GetAsync(int id) => throw new NotSupportedException();

        public Task<string> FindAsync(object filter) => Task.FromResult("anything");

        ValueTask<object> IReturnsObject.GetAsync(int id) => throw new NotSupportedException();

        public Task<int> CountAsync(Opaque filter) => Task.FromResult(0);

        public Task<List<IItem>> ListAsync(string culture) => Task.FromResult(new List<IItem>());

        public Task<int> CountAsync(Opaque filter, int page) => Task.FromResult(page);

        public string Now(Func<int, bool> predicate) => "now";

        public Task<Item> GetAsync(int id, string name, DayOfWeek day, Item example, int[] ids, CancellationToken cancellationToken) => Task.FromResult(example);

        public ValueTask<IReadOnlyList<Item>> ListAsync(Dictionary<string, int> filter) => new([]);

        public Task SaveAsync(Item item) => Task.CompletedTask;

        public Task<int?> CountAsync(Guid id, DateTimeOffset since) => Task.FromResult<int?>(1);
    }
}
