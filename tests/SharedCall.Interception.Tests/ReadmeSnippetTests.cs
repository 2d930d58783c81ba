namespace SharedCall.Interception.Tests.Readme
{
    // README snippet "interception-attribute": README.md, "Interception"
    public interface IUserRepository
    {
        // Concurrent calls with the same id run the query once; every caller gets the same User (or exception).
        [Coalesced]
        Task<User> GetUserAsync(int id, CancellationToken cancellationToken);

        // Keyed by userId only: calls that differ in traceId still share. The key is the string "user:42".
        [Coalesced(Key = "user:{userId}")]
        Task<User> GetProfileAsync(int userId, string traceId, CancellationToken cancellationToken);

        // Not marked: a write runs for every caller, straight to the target.
        Task SaveUserAsync(User user, CancellationToken cancellationToken);
    }

    // end snippet
    public sealed class UserRepository : IUserRepository
    {
        public Task<User> GetUserAsync(int id, CancellationToken cancellationToken) => Task.FromResult(new User(id, "Ada"));

        public Task<User> GetProfileAsync(int userId, string traceId, CancellationToken cancellationToken) =>
            Task.FromResult(new User(userId, "Ada"));

        public Task SaveUserAsync(User user, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

namespace SharedCall.Interception.Tests.Readme
{
    /// <summary>Every C# snippet of README.md's "Interception" section, compiled and run.</summary>
    public class ReadmeSnippetTests
    {
        [Test]
        public async Task Snippet_create_a_proxy()
        {
            // README snippet "interception-create"
            var coalescer = new Coalescer();
            IUserRepository repository = CoalescingProxy.Create<IUserRepository>(new UserRepository(), coalescer);

            var user = await repository.GetUserAsync(42, CancellationToken.None);

            // end snippet
            Assert.That(user.Id, Is.EqualTo(42));
        }

        [Test]
        public void Snippet_forget_a_key()
        {
            var coalescer = new Coalescer();

            // README snippet "interception-forget"
            // A method with a key template: forget the formatted string.
            coalescer.Forget("user:42");

            // Any other coalesced method: CallKey.Of gives the key the interceptor makes for that call.
            coalescer.Forget(CallKey.Of<IUserRepository>(r => r.GetUserAsync(42, default)));

            // end snippet
            Assert.That(CallKey.Of<IUserRepository>(r => r.GetProfileAsync(42, "any", default)), Is.EqualTo("user:42"));
        }

        [Test]
        public void Snippet_stats()
        {
            var coalescer = new Coalescer();

            // Formerly a README snippet; the README's core "Stats" snippet (tests/SharedCall.Tests) now covers it.
            CoalescingStats stats = coalescer.GetStats();
            Console.WriteLine($"{stats.Hits} joined, {stats.Misses} ran, hit rate {stats.HitRate:P0}");

            // end snippet
            Assert.That(stats.Misses, Is.Zero);
        }

        // README snippet "interception-moq"
        [Test]
        public async Task One_hundred_concurrent_calls_hit_the_repository_once()
        {
            var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mock = new Mock<IUserRepository>();
            mock.Setup(r => r.GetUserAsync(42, It.IsAny<CancellationToken>())).Returns(gate.Task);
            var coalescer = new Coalescer();
            var repository = CoalescingProxy.Create(mock.Object, coalescer);

            // The target is held by the gate, so all 100 calls are in flight together.
            var calls = Enumerable.Range(0, 100)
                .Select(_ => repository.GetUserAsync(42, CancellationToken.None))
                .ToList();
            gate.SetResult(new User(42, "Ada"));
            var users = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.That(users, Is.All.EqualTo(new User(42, "Ada")));
            Assert.That(coalescer.GetStats().Hits, Is.EqualTo(99));
            mock.Verify(r => r.GetUserAsync(42, It.IsAny<CancellationToken>()), Times.Once());
        }

        // end snippet
    }
}
