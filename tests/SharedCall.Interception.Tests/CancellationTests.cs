namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 5: a caller's token ends its own wait; the target gets the shared token.</summary>
public class CancellationTests
{
    [Test]
    public async Task A_callers_token_ends_only_its_own_wait_and_the_target_sees_the_shared_token()
    {
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.Setup(r => r.GetUserAsync(1, It.IsAny<CancellationToken>()))
            .Returns((int _, CancellationToken token) =>
            {
                started.SetResult(token);
                return gate.Task;
            });
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());
        using var leaderCancellation = new CancellationTokenSource();
        using var followerCancellation = new CancellationTokenSource();

        var leader = proxy.GetUserAsync(1, leaderCancellation.Token);
        var follower = proxy.GetUserAsync(1, followerCancellation.Token);
        var targetToken = await started.Task.WaitAsync(Bounded.Timeout);
        await followerCancellation.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(targetToken, Is.Not.EqualTo(leaderCancellation.Token).And.Not.EqualTo(followerCancellation.Token));
            Assert.That(targetToken.CanBeCanceled, Is.True);
            Assert.That(async () => await follower.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(leader.IsCompleted, Is.False, "the leader keeps waiting");
            Assert.That(targetToken.IsCancellationRequested, Is.False, "one caller is still waiting");
        });

        await leaderCancellation.CancelAsync();
        Assert.Multiple(() =>
        {
            Assert.That(async () => await leader.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(targetToken.IsCancellationRequested, Is.True, "every caller cancelled");
        });
        gate.SetResult(new User(1, "late"));
        mock.Verify(r => r.GetUserAsync(1, It.IsAny<CancellationToken>()), Times.Once());
    }

    [Test]
    public async Task When_the_leader_cancels_a_follower_still_gets_the_result()
    {
        var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.Setup(r => r.GetUserAsync(1, It.IsAny<CancellationToken>())).Returns(gate.Task);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());
        using var leaderCancellation = new CancellationTokenSource();

        var leader = proxy.GetUserAsync(1, leaderCancellation.Token);
        var follower = proxy.GetUserAsync(1, CancellationToken.None);
        await leaderCancellation.CancelAsync();
        gate.SetResult(new User(1, "Ada"));

        Assert.Multiple(async () =>
        {
            Assert.That(async () => await leader.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
            Assert.That((await follower.WaitAsync(Bounded.Timeout)).Name, Is.EqualTo("Ada"));
        });
    }

    [Test]
    public async Task A_synchronous_caller_with_a_token_can_stop_waiting_while_the_leader_runs()
    {
        var coalescer = new Coalescer();
        using var target = new GatedShapes();
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);
        using var followerCancellation = new CancellationTokenSource();
        using var leaderCancellation = new CancellationTokenSource();

        var leader = Bounded.OnThread(() => proxy.ValueWithToken(3, leaderCancellation.Token));
        await Bounded.UntilAsync(() => target.Calls == 1, "the leader runs the target");
        var follower = Bounded.OnThread(() => proxy.ValueWithToken(3, followerCancellation.Token));
        await Bounded.UntilHitsAsync(coalescer, 1);
        await followerCancellation.CancelAsync();

        Assert.That(async () => await follower.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
        target.Release();
        Assert.Multiple(async () =>
        {
            Assert.That(await leader.WaitAsync(Bounded.Timeout), Is.EqualTo(30));
            Assert.That(target.LastToken, Is.Not.EqualTo(leaderCancellation.Token), "the target gets the shared token");
        });
    }
}
