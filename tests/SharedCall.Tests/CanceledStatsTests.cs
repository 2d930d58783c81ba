namespace SharedCall.Tests;

/// <summary>An execution every caller abandoned (client disconnects) is counted apart from errors.</summary>
public class CanceledStatsTests
{
    [Test]
    public async Task An_execution_every_caller_cancelled_counts_as_canceled_not_as_an_error()
    {
        var coalescer = new Coalescer();
        using var token = new CancellationTokenSource();
        var workEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = coalescer.RunAsync("k", async ct =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
                return 1;
            }
            finally
            {
                workEnded.SetResult();
            }
        }, token.Token);
        await token.CancelAsync();
        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        await workEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (coalescer.GetStats().Active != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        var stats = coalescer.GetStats();
        Assert.That(stats, Is.EqualTo(new CoalescingStats(0, 1, 0, 0) { Canceled = 1 }));
        var (hits, misses, errors, active) = stats;
        Assert.That((hits, misses, errors, active), Is.EqualTo((0L, 1L, 0L, 0)));
        coalescer.ResetStats();
        Assert.That(coalescer.GetStats().Canceled, Is.Zero);
    }
}
