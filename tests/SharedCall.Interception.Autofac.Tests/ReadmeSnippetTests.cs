// The C# snippets of docs/autofac.md, README.md and src/SharedCall.Interception.Autofac/README.md, compiled and run.
// They live outside the SharedCall namespaces, so each compiles only with the using lines its snippet names
// (`using Autofac;` is this project's global using).
using SharedCall;
using SharedCall.Interception;
using SharedCall.Interception.Autofac;

namespace ReadmeSnippets.AutofacIntegration;

// README snippet "autofac-service": docs/autofac.md, src/SharedCall.Interception.Autofac/README.md
public interface IRepo
{
    [Coalesced]
    Task<string> GetNameAsync(int id, CancellationToken cancellationToken);
}

public sealed class Repo : IRepo
{
    public Task<string> GetNameAsync(int id, CancellationToken cancellationToken) => Task.FromResult("user " + id);
}

// end snippet

// The quick start's types (README.md), registered in Autofac by README.md's "Autofac" snippet.
public interface IUserRepository
{
    [Coalesced]
    Task<User> GetUserAsync(int id, CancellationToken cancellationToken);
}

public sealed record User(int Id, string Name);

public sealed class UserRepository : IUserRepository
{
    public Task<User> GetUserAsync(int id, CancellationToken cancellationToken) => Task.FromResult(new User(id, "Ada"));
}

public class ReadmeSnippetTests
{
    [Test]
    public async Task Readme_registration()
    {
        // README snippet "autofac-readme": README.md
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterType<UserRepository>().As<IUserRepository>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        var user = await container.Resolve<IUserRepository>().GetUserAsync(42, CancellationToken.None);
        Console.WriteLine(user);

        // end snippet
        Assert.That(user, Is.EqualTo(new User(42, "Ada")));
        Assert.That(container.Resolve<Coalescer>().GetStats().Misses, Is.EqualTo(1));
    }

    [Test]
    public async Task Snippet_register()
    {
        // README snippet "autofac-register": docs/autofac.md, src/SharedCall.Interception.Autofac/README.md
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing(options => options.Name = "repositories");
        builder.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        var name = await container.Resolve<IRepo>().GetNameAsync(42, CancellationToken.None);
        Console.WriteLine(name);

        // end snippet
        Assert.That(name, Is.EqualTo("user 42"));
    }

    [Test]
    public async Task Snippet_lifetimes_and_stats()
    {
        // README snippet "autofac-scoped": docs/autofac.md
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterType<Repo>().As<IRepo>().InstancePerLifetimeScope().EnableInterfaceInterceptors();
        await using var container = builder.Build();

        // One repository per request scope; concurrent requests still share one execution per key.
        await using (var request = container.BeginLifetimeScope())
        {
            await request.Resolve<IRepo>().GetNameAsync(42, CancellationToken.None);
        }

        var coalescer = container.Resolve<Coalescer>();
        CoalescingStats stats = coalescer.GetStats();
        coalescer.Forget(CallKey.Of<IRepo>(r => r.GetNameAsync(42, default)));

        // end snippet
        Assert.That(stats.Misses, Is.EqualTo(1));
    }
}
