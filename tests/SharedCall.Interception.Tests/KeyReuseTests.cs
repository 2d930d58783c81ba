namespace SharedCall.Interception.Tests;

/// <summary>
/// A joining caller's key is reused by the next call on its thread; a leader's key stays with its execution.
/// These pin that reuse never changes the key of an execution in flight.
/// </summary>
public class KeyReuseTests
{
    [Test]
    public async Task A_leaders_key_is_not_reused_by_the_next_call_on_its_thread()
    {
        var gates = new Dictionary<int, TaskCompletionSource<User>>
        {
            [1] = new(TaskCreationOptions.RunContinuationsAsynchronously),
            [2] = new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        var mock = new Mock<IUserRepository>();
        mock.Setup(r => r.GetUserAsync(It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((int id, CancellationToken _) => gates[id].Task);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());

        var first = proxy.GetUserAsync(1, CancellationToken.None);
        var second = proxy.GetUserAsync(2, CancellationToken.None);
        var firstAgain = proxy.GetUserAsync(1, CancellationToken.None);
        var secondAgain = proxy.GetUserAsync(2, CancellationToken.None);
        gates[1].SetResult(new User(1, "one"));
        gates[2].SetResult(new User(2, "two"));

        Assert.Multiple(async () =>
        {
            Assert.That((await firstAgain.WaitAsync(Bounded.Timeout)).Name, Is.EqualTo("one"));
            Assert.That((await secondAgain.WaitAsync(Bounded.Timeout)).Name, Is.EqualTo("two"));
            Assert.That(await first.WaitAsync(Bounded.Timeout), Is.SameAs(await firstAgain));
            Assert.That(await second.WaitAsync(Bounded.Timeout), Is.SameAs(await secondAgain));
        });
        mock.Verify(r => r.GetUserAsync(1, It.IsAny<CancellationToken>()), Times.Once());
        mock.Verify(r => r.GetUserAsync(2, It.IsAny<CancellationToken>()), Times.Once());
    }

    [Test]
    public async Task A_key_given_back_by_a_joined_call_serves_a_new_leader_and_can_be_forgotten()
    {
        var calls = 0;
        var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.Setup(r => r.GetUserAsync(It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((int id, CancellationToken _) =>
            {
                calls++;
                return id == 1 ? gate.Task : Task.FromResult(new User(id, "ready"));
            });
        var coalescer = new Coalescer();
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        var leader = proxy.GetUserAsync(1, CancellationToken.None);
        var joined = proxy.GetUserAsync(1, CancellationToken.None);
        var other = await proxy.GetUserAsync(2, CancellationToken.None).WaitAsync(Bounded.Timeout);
        var joinedAgain = proxy.GetUserAsync(1, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(other.Id, Is.EqualTo(2));
            Assert.That(calls, Is.EqualTo(2), "the second call of 1 joined; 2 ran once");
            Assert.That(coalescer.Forget(CallKey.Of<IUserRepository>(r => r.GetUserAsync(1, default))), Is.True);
        });
        gate.SetResult(new User(1, "one"));
        Assert.Multiple(async () =>
        {
            Assert.That(await joined.WaitAsync(Bounded.Timeout), Is.SameAs(await leader.WaitAsync(Bounded.Timeout)));
            Assert.That(await joinedAgain.WaitAsync(Bounded.Timeout), Is.SameAs(await leader));
        });
    }
}
