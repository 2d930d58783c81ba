// QuickStart: 100 concurrent callers ask for the same key; the work runs once and all of them get its result.
using SharedCall;

var coalescer = new Coalescer();
var executions = 0;

async Task<string> LoadProductAsync(CancellationToken cancellationToken)
{
    Interlocked.Increment(ref executions);
    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken); // stands in for a slow database query
    return "product 42";
}

var callers = Enumerable.Range(0, 100)
    .Select(_ => coalescer.RunAsync("product:42", LoadProductAsync))
    .ToArray();
var results = await Task.WhenAll(callers);

var stats = coalescer.GetStats();
Console.WriteLine($"callers:     {results.Length}");
Console.WriteLine($"executions:  {executions}");
Console.WriteLine($"same result: {results.All(r => r == results[0])} ({results[0]})");
Console.WriteLine($"stats:       misses={stats.Misses} hits={stats.Hits} errors={stats.Errors} active={stats.Active} hit rate={stats.HitRate:P0}");
return executions == 1 ? 0 : 1;
