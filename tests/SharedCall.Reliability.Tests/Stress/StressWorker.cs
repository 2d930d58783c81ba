using SharedCall.Reliability.Tests.Invariants;

namespace SharedCall.Reliability.Tests.Stress;

/// <summary>One worker of a stress round: a seeded sequence of random operations against one coalescer.</summary>
internal sealed class StressWorker(Coalescer coalescer, Oracle oracle, Random random, int keySpace)
{
    // Void works get keys of their own: one key may not be used with two result types.
    private const int VoidKeys = 1 << 30;

    private static readonly WorkKind[] s_asyncKinds =
    [
        WorkKind.Value, WorkKind.Value, WorkKind.Value, WorkKind.ValueSynchronously, WorkKind.ThrowSynchronously,
        WorkKind.Fault, WorkKind.Cancel, WorkKind.HonourToken, WorkKind.HonourToken, WorkKind.IgnoreToken,
    ];

    public async Task RunAsync(int operations)
    {
        for (var i = 0; i < operations; i++)
        {
            var roll = random.Next(1000);
            var key = random.Next(keySpace);
            switch (roll)
            {
                case < 550:
                    await CallAsync(key);
                    break;
                case < 800:
                    oracle.Call(coalescer, key, random.Next(4) == 0 ? WorkKind.ThrowSynchronously : WorkKind.Value);
                    break;
                case < 880:
                    await oracle.CallVoidAsync(coalescer, VoidKeys + key, Pick(), CancellationToken.None);
                    break;
                case < 940:
                    oracle.CallVoid(coalescer, VoidKeys + key, random.Next(4) == 0 ? WorkKind.ThrowSynchronously : WorkKind.Value);
                    break;
                case < 995:
                    oracle.Forget(coalescer, key);
                    break;
                case < 998:
                    oracle.ForgetAll(coalescer);
                    break;
                default:
                    oracle.ResetStats(coalescer);
                    break;
            }
        }
    }

    private WorkKind Pick() => s_asyncKinds[random.Next(s_asyncKinds.Length)];

    private async Task CallAsync(int key)
    {
        var kind = Pick();
        var when = random.Next(10);
        if (when < 4)
        {
            await oracle.CallAsync(coalescer, key, kind);
            return;
        }

        // The caller's cancellation at a random point: before the call, right after it, after a yield,
        // after a yield and a spin, or never (a cancellable token that is left alone).
        using var cancellation = new CancellationTokenSource();
        if (when == 4)
        {
            await cancellation.CancelAsync();
        }

        var call = oracle.CallAsync(coalescer, key, kind, cancellation.Token);
        switch (when)
        {
            case 5:
                await cancellation.CancelAsync();
                break;
            case 6:
                await Task.Yield();
                await cancellation.CancelAsync();
                break;
            case 7:
                await Task.Yield();
                Thread.SpinWait(random.Next(2_000));
                await cancellation.CancelAsync();
                break;
        }

        await call;
    }
}
