// The C# snippets of docs/microsoft-di.md, README.md and src/SharedCall.Interception.DependencyInjection/README.md,
// compiled and run. They live outside the SharedCall namespaces, so each compiles only with the using lines its
// snippet names.
using Microsoft.Extensions.DependencyInjection;
using SharedCall;
using SharedCall.Interception;

namespace ReadmeSnippets.MicrosoftDI;

// README snippet "di-service": docs/microsoft-di.md, README.md, src/SharedCall.Interception.DependencyInjection/README.md
public interface IUserRepository
{
    [Coalesced]
    Task<string> GetUserAsync(int id, CancellationToken cancellationToken);
}

public sealed class UserRepository : IUserRepository
{
    public Task<string> GetUserAsync(int id, CancellationToken cancellationToken) => Task.FromResult("user " + id);
}

// end snippet

public class ReadmeSnippetTests
{
    [Test]
    public async Task Microsoft_DI_registration()
    {
        // README snippet "di-register": docs/microsoft-di.md, README.md, src/SharedCall.Interception.DependencyInjection/README.md
        var services = new ServiceCollection();
        services.AddCoalescing(options => options.Name = "users");   // the shared Coalescer (singleton) and the interceptor
        services.AddScoped<IUserRepository, UserRepository>();
        services.Coalesce<IUserRepository>();                         // wraps every registration of IUserRepository made so far

        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetUserAsync(42, CancellationToken.None);
        Console.WriteLine(user);

        // end snippet
        Assert.That(user, Is.EqualTo("user 42"));
        var coalescer = provider.GetRequiredService<Coalescer>();
        Assert.That(coalescer.Name, Is.EqualTo("users"));
        Assert.That(coalescer.GetStats("IUserRepository.GetUserAsync").Misses, Is.EqualTo(1));
    }

    [Test]
    public void Stats_and_forget()
    {
        var services = new ServiceCollection();
        services.AddCoalescing();
        using var provider = services.BuildServiceProvider();

        // README snippet "di-coalescer": docs/microsoft-di.md
        var coalescer = provider.GetRequiredService<Coalescer>();
        CoalescingStats stats = coalescer.GetStats("IUserRepository.GetUserAsync");
        coalescer.Forget(CallKey.Of<IUserRepository>(r => r.GetUserAsync(42, default)));

        // end snippet
        Assert.That(stats.Misses, Is.Zero);
    }
}
