using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Tests;

public class ReadmeSnippetTests
{
    [Test]
    public async Task Microsoft_DI_registration()
    {
        var services = new ServiceCollection().AddSingleton(new Backend());

        // README: "Microsoft.Extensions.DependencyInjection"
        services.AddCoalescing(options => options.Name = "users");   // the shared Coalescer (singleton) and the interceptor
        services.AddScoped<IUserRepository, UserRepository>();
        services.Coalesce<IUserRepository>();                         // wraps every registration of IUserRepository made so far

        await using var provider = services.BuildServiceProvider();
        var backend = provider.GetRequiredService<Backend>();
        backend.Gate.SetResult(true);
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetUserAsync(1).WaitAsync(TimeSpan.FromSeconds(10));

        var coalescer = provider.GetRequiredService<Coalescer>();
        Assert.That(coalescer.Name, Is.EqualTo("users"));
        Assert.That(coalescer.GetStats("IUserRepository.GetUserAsync").Misses, Is.EqualTo(1));
    }
}
