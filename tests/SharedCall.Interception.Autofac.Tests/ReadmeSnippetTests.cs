namespace SharedCall.Interception.Autofac.Tests.Readme;

// README snippet "autofac-service": README.md, "Autofac"
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

/// <summary>Every C# snippet of README.md's "Autofac" section, compiled and run.</summary>
public class ReadmeSnippetTests
{
    [Test]
    public async Task Snippet_register()
    {
        // README snippet "autofac-register"
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing(options => options.Name = "repositories");
        builder.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        var name = await container.Resolve<IRepo>().GetNameAsync(42, CancellationToken.None);

        // end snippet
        Assert.That(name, Is.EqualTo("user 42"));
    }

    [Test]
    public async Task Snippet_lifetimes_and_stats()
    {
        // README snippet "autofac-scoped"
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
