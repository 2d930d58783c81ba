using System.Collections.Concurrent;
using System.Globalization;
using SharedCall.Interception;
using SharedCall.Reliability.Tests.Invariants;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>One worker of a proxy stress round: seeded random calls of every shape through a real Castle proxy.</summary>
internal sealed class ProxyStressWorker(IStressService proxy, Coalescer coalescer, Oracle oracle, Random random, int keySpace, bool resetsStats)
{
    // The keys a proxy gives a call, built once per method and id, as CallKey.Of compiles an expression.
    private static readonly ConcurrentDictionary<(string Method, int Id), object> s_forgetKeys = new();

    public async Task RunAsync(int operations)
    {
        for (var i = 0; i < operations; i++)
        {
            var id = random.Next(keySpace);
            switch (random.Next(1000))
            {
                case < 220:
                    await CallAsync(nameof(IStressService.TaskOfT), id, token => proxy.TaskOfT(id, token));
                    break;
                case < 420:
                    await CallAsync(nameof(IStressService.ValueTaskOfT), id, token => proxy.ValueTaskOfT(id, token).AsTask());
                    break;
                case < 520:
                    // Calls that differ only in an argument the template leaves out share one execution.
                    var variant = random.Next(3);
                    await CallAsync(nameof(IStressService.Templated), id, token => proxy.Templated(id, variant, token));
                    break;
                case < 600:
                    await oracle.ObserveVoidAsync(StressTarget.Key(nameof(IStressService.Task), id), () => proxy.Task(id, CancellationToken.None), CancellationToken.None);
                    break;
                case < 740:
                    oracle.Observe(StressTarget.Key(nameof(IStressService.Sync), id), () => proxy.Sync(id), hasResult: true);
                    break;
                case < 860:
                    SyncWithToken(id);
                    break;
                case < 940:
                    oracle.Observe(StressTarget.Key(nameof(IStressService.Void), id), () =>
                    {
                        proxy.Void(id);
                        return null;
                    }, hasResult: false);
                    break;
                case < 990:
                    Forget(id);
                    break;
                case < 997:
                    oracle.ForgetAll(coalescer);
                    break;
                default:
                    if (resetsStats)
                    {
                        oracle.ResetStats(coalescer);
                    }

                    break;
            }
        }
    }

    private void Forget(int id)
    {
        switch (random.Next(4))
        {
            case 0:
                oracle.Forget(coalescer, s_forgetKeys.GetOrAdd((nameof(IStressService.TaskOfT), id), static k => CallKey.Of<IStressService>(s => s.TaskOfT(k.Id, default))));
                break;
            case 1:
                oracle.Forget(coalescer, s_forgetKeys.GetOrAdd((nameof(IStressService.Sync), id), static k => CallKey.Of<IStressService>(s => s.Sync(k.Id))));
                break;
            case 2:
                oracle.Forget(coalescer, s_forgetKeys.GetOrAdd((nameof(IStressService.SyncWithToken), id), static k => CallKey.Of<IStressService>(s => s.SyncWithToken(k.Id, default))));
                break;
            default:
                // A template's key is its text.
                oracle.Forget(coalescer, "template:" + id.ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    // A blocked caller can only be cancelled from elsewhere: by a timer, which may also fire before the call starts.
    private void SyncWithToken(int id)
    {
        var key = StressTarget.Key(nameof(IStressService.SyncWithToken), id);
        var when = random.Next(4);
        if (when < 2)
        {
            oracle.Observe(key, () => proxy.SyncWithToken(id, CancellationToken.None), CancellationToken.None);
            return;
        }

        using var cancellation = new CancellationTokenSource();
        if (when == 2)
        {
            cancellation.Cancel();
        }
        else
        {
            cancellation.CancelAfter(random.Next(1, 3));
        }

        oracle.Observe(key, () => proxy.SyncWithToken(id, cancellation.Token), cancellation.Token);
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
