namespace SharedCall.Interception.Tests;

/// <summary>Behaviours 6 and 9: calls coalesce across proxies that share a coalescer; proxy types are reused.</summary>
public class SharedCoalescerTests
{
    [Test]
    public async Task Proxies_over_different_targets_sharing_one_coalescer_run_one_target_once()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var targets = Enumerable.Range(0, 3).Select(_ => new Mock<IUserRepository>()).ToList();
        foreach (var target in targets)
        {
            target.Setup(r => r.GetUserAsync(5, It.IsAny<CancellationToken>())).Returns(gate.Task);
        }

        var calls = targets
            .Select(t => CoalescingProxy.Create(t.Object, coalescer))
            .Select(p => p.GetUserAsync(5, CancellationToken.None))
            .ToList();
        gate.SetResult(new User(5, "shared"));

        Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(new User(5, "shared")));
        Assert.That(targets.Sum(t => t.Invocations.Count), Is.EqualTo(1));
    }

    [Test]
    public void Proxies_sharing_a_target_but_not_a_coalescer_do_not_coalesce()
    {
        var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.Setup(r => r.GetUserAsync(5, It.IsAny<CancellationToken>())).Returns(gate.Task);

        _ = CoalescingProxy.Create(mock.Object, new Coalescer()).GetUserAsync(5, CancellationToken.None);
        _ = CoalescingProxy.Create(mock.Object, new Coalescer()).GetUserAsync(5, CancellationToken.None);
        gate.SetResult(new User(5, "x"));

        mock.Verify(r => r.GetUserAsync(5, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public void Proxies_of_one_interface_share_one_generated_type()
    {
        var first = CoalescingProxy.Create(new Mock<IUserRepository>().Object, new Coalescer());
        var second = CoalescingProxy.Create(new Mock<IUserRepository>().Object, new Coalescer());
        Assert.That(first.GetType(), Is.SameAs(second.GetType()));
    }
}
