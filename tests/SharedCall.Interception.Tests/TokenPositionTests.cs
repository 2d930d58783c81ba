namespace SharedCall.Interception.Tests;

/// <summary>
/// Behaviour 5 wherever the token sits, first parameter included, and for void methods: the target gets the shared
/// token, and a joined caller's own token ends its wait.
/// </summary>
public class TokenPositionTests
{
    [Test]
    public async Task A_token_first_async_method_gives_the_target_the_shared_token_and_lets_a_joined_caller_leave()
    {
        var coalescer = new Coalescer();
        using var target = new TokenTarget();
        var proxy = CoalescingProxy.Create<ITokenPositions>(target, coalescer);
        using var leaderCancellation = new CancellationTokenSource();
        using var followerCancellation = new CancellationTokenSource();

        var leader = proxy.LoadAsync(leaderCancellation.Token, 2);
        var follower = proxy.LoadAsync(followerCancellation.Token, 2);
        await followerCancellation.CancelAsync();

        Assert.That(async () => await follower.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
        target.Release();
        Assert.Multiple(async () =>
        {
            Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(20));
            Assert.That(target.Calls, Is.EqualTo(1));
            AssertShared(target.LastToken, leaderCancellation.Token);
        });
    }

    [Test]
    public async Task A_token_first_synchronous_method_gives_the_target_the_shared_token()
    {
        using var target = new TokenTarget();
        var proxy = CoalescingProxy.Create<ITokenPositions>(target, new Coalescer());
        using var leaderCancellation = new CancellationTokenSource();

        var leader = Bounded.OnThread(() => proxy.Load(leaderCancellation.Token, 3));
        await Bounded.UntilAsync(() => target.Calls == 1, "the leader runs the target");
        target.Release();

        Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(30));
        AssertShared(target.LastToken, leaderCancellation.Token);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_void_method_with_a_token_runs_once_gives_the_target_the_shared_token_and_lets_a_joined_caller_leave(
        bool tokenFirst)
    {
        var coalescer = new Coalescer();
        using var target = new TokenTarget();
        var proxy = CoalescingProxy.Create<ITokenPositions>(target, coalescer);
        using var leaderCancellation = new CancellationTokenSource();
        using var followerCancellation = new CancellationTokenSource();
        Action<CancellationToken> call = tokenFirst ? token => proxy.Touch(token, 4) : token => proxy.Store(4, token);

        var leader = Bounded.OnThread(() => Run(call, leaderCancellation.Token));
        await Bounded.UntilAsync(() => target.Calls == 1, "the leader runs the target");
        var follower = Bounded.OnThread(() => Run(call, followerCancellation.Token));
        await Bounded.UntilHitsAsync(coalescer, 1);
        await followerCancellation.CancelAsync();

        Assert.That(async () => await follower.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
        target.Release();
        Assert.Multiple(async () =>
        {
            Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.True);
            Assert.That(target.Calls, Is.EqualTo(1));
            AssertShared(target.LastToken, leaderCancellation.Token);
        });
    }

    private static bool Run(Action<CancellationToken> call, CancellationToken token)
    {
        call(token);
        return true;
    }

    private static void AssertShared(CancellationToken seen, CancellationToken callers)
    {
        Assert.That(seen, Is.Not.EqualTo(callers), "the target gets the execution's token, not the leader's");
        Assert.That(seen.CanBeCanceled, Is.True);
    }

    private sealed class TokenTarget : ITokenPositions, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public CancellationToken LastToken { get; private set; }

        public void Release() => _released.Set();

        public async Task<int> LoadAsync(CancellationToken cancellationToken, int id)
        {
            Enter(cancellationToken);
            await Task.Run(() => _released.Wait(Bounded.Timeout), CancellationToken.None);
            return id * 10;
        }

        public int Load(CancellationToken cancellationToken, int id)
        {
            Enter(cancellationToken);
            _released.Wait(Bounded.Timeout);
            return id * 10;
        }

        public void Touch(CancellationToken cancellationToken, int id) => Load(cancellationToken, id);

        public void Store(int id, CancellationToken cancellationToken) => Load(cancellationToken, id);

        public void Dispose() => _released.Dispose();

        private void Enter(CancellationToken token)
        {
            LastToken = token;
            Interlocked.Increment(ref _calls);
        }
    }
}

#pragma warning disable CA1068 // The token comes first on purpose: the point is a token at index 0.
public interface ITokenPositions
{
    [Coalesced]
    Task<int> LoadAsync(CancellationToken cancellationToken, int id);

    [Coalesced]
    int Load(CancellationToken cancellationToken, int id);

    [Coalesced]
    void Touch(CancellationToken cancellationToken, int id);

    [Coalesced]
    void Store(int id, CancellationToken cancellationToken);
}
#pragma warning restore CA1068
