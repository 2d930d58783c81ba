namespace SharedCall.Tests;

/// <summary>The README's core snippets, kept here so that they compile and do what the README says.</summary>
public class ReadmeSnippetTests
{
    [Test]
    public async Task Quick_start()
    {
        // README: "Quick start: the core"
        var coalescer = new Coalescer();

        // 100 concurrent callers, one execution: every caller gets the same product.
        var calls = Enumerable.Range(0, 100)
            .Select(_ => coalescer.RunAsync("product:42", ct => LoadProductAsync(42, ct)));
        var products = await Task.WhenAll(calls);

        static async Task<string> LoadProductAsync(int id, CancellationToken cancellationToken)
        {
            await Task.Delay(100, cancellationToken); // the slow query
            return $"product {id}";
        }

        Assert.That(products, Has.Length.EqualTo(100).And.All.EqualTo("product 42"));
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(1));
    }

    [Test]
    public async Task Cancellation()
    {
        var coalescer = new Coalescer();
        static Task<string> LoadProductAsync(int id, CancellationToken cancellationToken) => Task.FromResult($"product {id}");

        // README: "Cancellation"
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var product = await coalescer.RunAsync("product:42", ct => LoadProductAsync(42, ct), timeout.Token);

        Assert.That(product, Is.EqualTo("product 42"));
    }

    [Test]
    public void Synchronous_callers_and_stats()
    {
        var coalescer = new Coalescer();
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{}");
        try
        {
            // README: "Synchronous callers" (with the file name made a temp file)
            var config = coalescer.Run("config", () => File.ReadAllText(path));

            // README: "Stats"
            var stats = coalescer.GetStats();
            Console.WriteLine($"{stats.Hits} joined, {stats.Misses} executed, {stats.Errors} failed, {stats.Active} in flight, hit rate {stats.HitRate:P0}");

            Assert.That(config, Is.EqualTo("{}"));
            Assert.That(stats, Is.EqualTo(new CoalescingStats(0, 1, 0, 0)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>The README's per-operation snippet.</summary>
public class ReadmeOperationSnippet
{
    private static readonly CoalescingOperation GetProduct = new("ProductService.GetProduct");

    [Test]
    public async Task Named_operations()
    {
        var coalescer = new Coalescer();
        var id = 42;
        static Task<string> LoadProductAsync(int id, CancellationToken cancellationToken) => Task.FromResult($"product {id}");

        // README: "Observability" — core users name their own operations.
        var product = await coalescer.RunAsync(GetProduct, $"product:{id}", id, static (id, ct) => LoadProductAsync(id, ct));
        var stats = coalescer.GetStats("ProductService.GetProduct");

        Assert.That(product, Is.EqualTo("product 42"));
        Assert.That(stats.Misses, Is.EqualTo(1));
    }
}
