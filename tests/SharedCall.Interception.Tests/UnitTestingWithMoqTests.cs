namespace SharedCall.Interception.Tests;

/// <summary>How a user unit-tests their own coalesced service: a Moq mock behind the proxy.</summary>
public class UnitTestingWithMoqTests
{
    [Test]
    public async Task One_hundred_concurrent_calls_reach_the_mocked_repository_once()
    {
        var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.Setup(r => r.GetUserAsync(42, It.IsAny<CancellationToken>())).Returns(gate.Task);
        var coalescer = new Coalescer();
        var repository = CoalescingProxy.Create(mock.Object, coalescer);

        var calls = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => repository.GetUserAsync(42, CancellationToken.None)))
            .ToList();
        await Bounded.UntilHitsAsync(coalescer, 99);
        gate.SetResult(new User(42, "Ada"));
        var users = await Task.WhenAll(calls).WaitAsync(Bounded.Timeout);

        Assert.That(users, Has.Length.EqualTo(100).And.All.EqualTo(new User(42, "Ada")));
        mock.Verify(r => r.GetUserAsync(42, It.IsAny<CancellationToken>()), Times.Once());
    }
}
