// The C# snippets of README.md, docs/interception.md, docs/keys.md and src/SharedCall.Interception/README.md, compiled
// and run. They live outside the SharedCall namespaces, so each compiles only with the using lines its snippet names.
using SharedCall;
using SharedCall.Interception;

namespace ReadmeSnippets.QuickStart
{
    // README snippet "interception-quick-start-types": README.md, src/SharedCall.Interception/README.md
    public interface IUserRepository
    {
        // Concurrent calls with the same id run the query once; every caller gets the same User (or exception).
        [Coalesced]
        Task<User> GetUserAsync(int id, CancellationToken cancellationToken);
    }

    public sealed record User(int Id, string Name);

    public sealed class UserRepository : IUserRepository
    {
        public async Task<User> GetUserAsync(int id, CancellationToken cancellationToken)
        {
            await Task.Delay(100, cancellationToken); // the slow query
            return new User(id, "Ada");
        }
    }

    // end snippet
    public class QuickStartSnippetTests
    {
        [Test]
        public async Task Quick_start_runs_one_query_for_one_hundred_calls()
        {
            // README snippet "interception-quick-start-program"
            var coalescer = new Coalescer();
            IUserRepository repository = CoalescingProxy.Create<IUserRepository>(new UserRepository(), coalescer);

            // 100 concurrent calls, one query: every caller gets the same User.
            var users = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => repository.GetUserAsync(42, CancellationToken.None)));
            Console.WriteLine($"{users.Length} callers, {coalescer.GetStats().Misses} query");

            // end snippet
            Assert.That(users, Has.Length.EqualTo(100).And.All.SameAs(users[0]));
            Assert.That(coalescer.GetStats().Misses, Is.EqualTo(1));
        }
    }
}

namespace ReadmeSnippets.Interception
{
    // README snippet "interception-attribute": docs/interception.md, docs/keys.md
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
    public sealed record User(int Id, string Name);

    public sealed class UserRepository : IUserRepository
    {
        public Task<User> GetUserAsync(int id, CancellationToken cancellationToken) => Task.FromResult(new User(id, "Ada"));

        public Task<User> GetProfileAsync(int userId, string traceId, CancellationToken cancellationToken) =>
            Task.FromResult(new User(userId, "Ada"));

        public Task SaveUserAsync(User user, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public class ReadmeSnippetTests
    {
        [Test]
        public async Task Snippet_create_a_proxy()
        {
            // README snippet "interception-create": docs/interception.md
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

            // README snippet "interception-forget": docs/keys.md
            // A method with a key template: forget the formatted string.
            coalescer.Forget("user:42");

            // Any other coalesced method: CallKey.Of gives the key the interceptor makes for that call.
            coalescer.Forget(CallKey.Of<IUserRepository>(r => r.GetUserAsync(42, default)));

            // end snippet
            Assert.That(CallKey.Of<IUserRepository>(r => r.GetProfileAsync(42, "any", default)), Is.EqualTo("user:42"));
        }

        [Test]
        public void Snippet_per_operation_stats()
        {
            var coalescer = new Coalescer();

            // README snippet "interception-operation-stats": docs/observability.md
            CoalescingStats stats = coalescer.GetStats("IUserRepository.GetUserAsync");

            // end snippet
            Assert.That(stats.Misses, Is.Zero);
        }

        // README snippet "interception-moq": docs/interception.md (Moq and NUnit.Framework are this project's global usings)
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
