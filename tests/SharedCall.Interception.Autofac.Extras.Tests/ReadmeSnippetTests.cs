// README snippet "extras-usings": README.md, "Already using Autofac.Extras.DynamicProxy?"
using Autofac;
using Autofac.Extras.DynamicProxy;
using Castle.DynamicProxy;
using SharedCall.Interception.Autofac;

// end snippet
namespace SharedCall.Tests.AutofacExtras.Readme;

public interface IRepo
{
    [Coalesced]
    Task<string> GetNameAsync(int id, CancellationToken cancellationToken);
}

public sealed class Repo : IRepo
{
    public async Task<string> GetNameAsync(int id, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return "user " + id;
    }
}

public sealed class LoggingInterceptor : IInterceptor
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Intercept(IInvocation invocation)
    {
        Interlocked.Increment(ref _calls);
        invocation.Proceed();
    }
}

/// <summary>The snippets of README.md's "Already using Autofac.Extras.DynamicProxy?" section and of docs/autofac-extras.md, compiled and run.</summary>
public class ReadmeSnippetTests
{
    [Test]
    public async Task Snippet_extras_wiring()
    {
        // README snippet "extras-wiring": README.md, "Already using Autofac.Extras.DynamicProxy?"
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterType<LoggingInterceptor>().SingleInstance();
        builder.RegisterType<Repo>().As<IRepo>()
            .EnableInterfaceInterceptors()               // SharedCall's: it applies InterceptedBy and [Intercept] too
            .InterceptedBy(typeof(LoggingInterceptor));  // sees every call; the target runs once per key in flight
        using var container = builder.Build();

        // end snippet
        var proxy = container.Resolve<IRepo>();
        var names = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => proxy.GetNameAsync(1, CancellationToken.None)));

        Assert.That((names.Distinct(), container.Resolve<LoggingInterceptor>().Calls), Is.EqualTo((new[] { "user 1" }, 10)));
    }

    [Test]
    public async Task Snippet_extras_only()
    {
        // README snippet "extras-only": docs/autofac-extras.md, "With Extras' own EnableInterfaceInterceptors()"
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterType<LoggingInterceptor>().SingleInstance();
        builder.RegisterType<Repo>().As<IRepo>()
            .EnableInterfaceInterceptors(CoalescingProxy.GenerationOptions)                // Extras': options passed
            .InterceptedBy(typeof(LoggingInterceptor), typeof(CoalescingInterceptor));    // outermost first
        using var container = builder.Build();

        // end snippet
        var name = await container.Resolve<IRepo>().GetNameAsync(2, CancellationToken.None);

        Assert.That((name, container.Resolve<LoggingInterceptor>().Calls), Is.EqualTo(("user 2", 1)));
    }
}
