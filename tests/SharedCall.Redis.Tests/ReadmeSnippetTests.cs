// The Redis package's C# snippets of README.md, docs/distributed.md and src/SharedCall.Redis/README.md, compiled and
// run. They live outside the SharedCall namespaces, so each compiles only with the using lines its snippet names.
using SharedCall;
using SharedCall.Interception;
using SharedCall.Redis;

namespace ReadmeSnippets.Redis;

// README snippet "redis-interface": docs/distributed.md
public interface IProductRepository
{
    [Coalesced] // one execution per product across every process sharing the Redis
    Task<Product> GetAsync(int id, CancellationToken cancellationToken);

    [Coalesced(CrossProcess = false)] // coalesced in this process only
    Task<Product[]> SearchAsync(string text);
}

// end snippet

public sealed record Product(int Id, string Name);

/// <summary>The Redis package's snippets, kept here so that they compile and do what the documents say.</summary>
public class ReadmeSnippetTests
{
    [Test]
    public async Task Across_processes()
    {
        // README snippet "redis-quick-start": README.md, docs/distributed.md, src/SharedCall.Redis/README.md
        var coalescer = new Coalescer(new CoalescerOptions { Name = "catalog" }
            .UseRedis("localhost:6379", redis => redis.KeyPrefix = "shop"));

        // Run in every process of the deployment: one execution per key across the fleet.
        // Without Redis the calls are still coalesced in each process.
        var product = await coalescer.RunAsync("product:42", ct => LoadProductAsync(42, ct));

        static async Task<Product> LoadProductAsync(int id, CancellationToken cancellationToken)
        {
            await Task.Delay(10, cancellationToken); // the slow query
            return new Product(id, "Teapot");
        }

        // end snippet
        Assert.That(product, Is.EqualTo(new Product(42, "Teapot")));
        await ((SharedCall.Redis.Internal.RedisCoalescing)coalescer.RemoteCoalescing!).DisposeOwnedConnectionAsync();
    }

    [Test]
    public void Stats_of_the_redis_level()
    {
        var coalescer = new Coalescer();

        // README snippet "redis-stats": docs/distributed.md
        CoalescingStats stats = coalescer.GetStats("IProductRepository.GetAsync");
        Console.WriteLine($"{stats.Misses} executions led here: {stats.Remote} served by another process, " +
            $"{stats.RemoteFallbacks} run here because Redis could not serve them, {stats.RemoteTakeovers} taken over");

        // end snippet
        Assert.That(stats, Is.EqualTo(default(CoalescingStats)));
    }
}
