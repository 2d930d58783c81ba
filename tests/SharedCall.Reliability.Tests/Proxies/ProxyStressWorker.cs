using System.Collections.Concurrent;
using SharedCall.Interception;
using SharedCall.Reliability.Tests.Invariants;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>One worker of a proxy stress round: seeded random calls of every shape through a real Castle proxy.</summary>
internal sealed class ProxyStressWorker(IStressService proxy, Coalescer coalescer, Oracle oracle, Random random, int keySpace)
{
    private static readonly ConcurrentDictionary<int, object> s_forgetKeys = new();

    public async Task RunAsync(int operations)
    {
        for (var i = 0; i < operations; i++)
        {
            var id = random.Next(keySpace);
            switch (random.Next(1000))
            {
                case < 300:
                    await CallAsync(nameof(IStressService.TaskOfT), id, token => proxy.TaskOfT(id, token));
                    break;
                case < 550:
                    await CallAsync(nameof(IStressService.ValueTaskOfT), id, token => proxy.ValueTaskOfT(id, token).AsTask());
                    break;
                case < 650:
                    await oracle.ObserveVoidAsync(StressTarget.Key(nameof(IStressService.Task), id), () => proxy.Task(id, CancellationToken.None), CancellationToken.None);
                    break;
                case < 850:
                    oracle.Observe(StressTarget.Key(nameof(IStressService.Sync), id), () => proxy.Sync(id), hasResult: true);
                    break;
                case < 940:
                    oracle.Observe(StressTarget.Key(nameof(IStressService.Void), id), () =>
                    {
                        proxy.Void(id);
                        return null;
                    }, hasResult: false);
                    break;
                case < 990:
                    // The key a proxy gives TaskOfT(id): built once per id, as CallKey.Of compiles an expression.
                    oracle.Forget(coalescer, s_forgetKeys.GetOrAdd(id, static id => CallKey.Of<IStressService>(s => s.TaskOfT(id, default))));
                    break;
                case < 997:
                    oracle.ForgetAll(coalescer);
                    break;
                default:
                    oracle.ResetStats(coalescer);
                    break;
            }
        }
    }

    private async Task CallAsync(string method, int id, Func<CancellationToken, Task<object>> call)
    {
        var key = StressTarget.Key(method, id);
        var when = random.Next(8);
        if (when < 3)
        {
            await oracle.ObserveAsync(key, () => call(CancellationToken.None), CancellationToken.None);
            return;
        }

        using var cancellation = new CancellationTokenSource();
        if (when == 3)
        {
            await cancellation.CancelAsync();
        }

        var observed = oracle.ObserveAsync(key, () => call(cancellation.Token), cancellation.Token);
        if (when == 4)
        {
            await cancellation.CancelAsync();
        }
        else if (when == 5)
        {
            await System.Threading.Tasks.Task.Yield();
            await cancellation.CancelAsync();
        }

        await observed;
    }
}
