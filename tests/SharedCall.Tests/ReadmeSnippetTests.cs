// The core's C# snippets of README.md, docs/coalescer.md, docs/cancellation.md, docs/observability.md and
// src/SharedCall/README.md, compiled and run. They live outside the SharedCall namespaces, so each compiles only with
// the using lines its snippet names.
using SharedCall;

namespace ReadmeSnippets.Core;

// README snippet "core-operation": docs/observability.md
public sealed class ProductService(Coalescer coalescer)
{
    // One operation per call site, made once: its name tags the metrics and has its own stats.
    private static readonly CoalescingOperation GetProduct = new("ProductService.GetProduct");

    public Task<string> GetProductAsync(int id, CancellationToken cancellationToken) =>
        coalescer.RunAsync(GetProduct, $"product:{id}", id, static (id, ct) => LoadProductAsync(id, ct), cancellationToken);

    private static Task<string> LoadProductAsync(int id, CancellationToken cancellationToken) => Task.FromResult($"product {id}");
}

// end snippet

/// <summary>The core's snippets, kept here so that they compile and do what the documents say.</summary>
public class ReadmeSnippetTests
{
    [Test]
    public async Task Quick_start()
    {
        // README snippet "core-quick-start": README.md, docs/coalescer.md, src/SharedCall/README.md
        var coalescer = new Coalescer();

        // 100 concurrent callers, one execution: every caller gets the same product.
        var calls = Enumerable.Range(0, 100)
            .Select(_ => coalescer.RunAsync("product:42", ct => LoadProductAsync(42, ct)));
        var products = await Task.WhenAll(calls);
        Console.WriteLine($"{products.Length} callers, {coalescer.GetStats().Misses} execution");

        static async Task<string> LoadProductAsync(int id, CancellationToken cancellationToken)
        {
            await Task.Delay(100, cancellationToken); // the slow query
            return $"product {id}";
        }

        // end snippet
        Assert.That(products, Has.Length.EqualTo(100).And.All.EqualTo("product 42"));
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(1));
    }

    [Test]
    public async Task Cancellation()
    {
        var coalescer = new Coalescer();
        static Task<string> LoadProductAsync(int id, CancellationToken cancellationToken) => Task.FromResult($"product {id}");

        // README snippet "core-cancellation": docs/cancellation.md
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var product = await coalescer.RunAsync("product:42", ct => LoadProductAsync(42, ct), timeout.Token);

        // end snippet
        Assert.That(product, Is.EqualTo("product 42"));
    }

    [Test]
    public void Synchronous_callers_and_stats()
    {
        var coalescer = new Coalescer();
        var settingsPath = Path.GetTempFileName();
        File.WriteAllText(settingsPath, "{}");
        try
        {
            // README snippet "core-sync": docs/coalescer.md
            var settings = coalescer.Run("settings", () => File.ReadAllText(settingsPath));

            // end snippet
            // README snippet "core-stats": docs/coalescer.md
            CoalescingStats stats = coalescer.GetStats();
            Console.WriteLine($"{stats.Hits} joined, {stats.Misses} executed, {stats.Errors} failed, {stats.Active} in flight, hit rate {stats.HitRate:P0}");

            // end snippet
            Assert.That(settings, Is.EqualTo("{}"));
            Assert.That(stats, Is.EqualTo(new CoalescingStats(0, 1, 0, 0)));
        }
        finally
        {
            File.Delete(settingsPath);
        }
    }

    [Test]
    public async Task Named_operations()
    {
        var coalescer = new Coalescer();

        var product = await new ProductService(coalescer).GetProductAsync(42, CancellationToken.None);

        Assert.That(product, Is.EqualTo("product 42"));
        Assert.That(coalescer.GetStats("ProductService.GetProduct").Misses, Is.EqualTo(1));
    }
}
