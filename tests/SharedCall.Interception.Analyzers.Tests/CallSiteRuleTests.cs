namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1009: CoalescingProxy.Create&lt;T&gt; and services.Coalesce&lt;T&gt;() with nothing to coalesce.</summary>
public class CallSiteRuleTests
{
    private const string Services = """
        using SharedCall;
        using SharedCall.Interception;
        using Microsoft.Extensions.DependencyInjection;

        [Coalesced]
        public interface IMarked { int Get(int id); }

        public interface IPartly { [Coalesced] int Get(int id); int Other(); }

        public interface IDerived : IPartly { }

        public interface IPlain { int Get(int id); }

        public class Service : IMarked, IPlain, IDerived
        {
            public int Get(int id) => id;
            public int Other() => 0;
        }

        """;

    [Test]
    public async Task Coalesce_of_an_interface_without_coalesced_methods_is_SC1009_with_the_run_time_message()
    {
        await Verify.AnalyzerAsync(
            Services + """
            public static class Setup
            {
                public static void Run(IServiceCollection services) => services.Coalesce<IPlain>();
            }
            """,
            Verify.Diagnostic("SC1009").WithSpan("/0/Test0.cs", 21, 78, 21, 84).WithMessage(
                "Coalesce<IPlain>() found no [Coalesced] method on 'IPlain'. Mark the interface methods to coalesce with [Coalesced], or the interface itself."));
    }

    [Test]
    public async Task Coalesce_of_a_class_is_SC1009_with_the_run_time_message()
    {
        await Verify.AnalyzerAsync(
            Services + """
            public static class Setup
            {
                public static void Run(IServiceCollection services) => CoalescingServiceCollectionExtensions.Coalesce<Service>(services);
            }
            """,
            Verify.Diagnostic("SC1009").WithSpan("/0/Test0.cs", 21, 107, 21, 114).WithMessage(
                "Coalesce<Service>() needs an interface: 'Service' is not one. Coalescing proxies implement interfaces; register the service under an interface that has [Coalesced] methods."));
    }

    [Test]
    public async Task CoalescingProxy_Create_of_a_class_or_an_unmarked_interface_is_SC1009()
    {
        await Verify.AnalyzerAsync(Services + """
            public static class Setup
            {
                public static void Run(Coalescer coalescer)
                {
                    CoalescingProxy.Create<{|SC1009:Service|}>(new Service(), coalescer);
                    CoalescingProxy.Create<{|SC1009:IPlain|}>(new Service(), coalescer);
                    IPlain plain = new Service();
                    CoalescingProxy.{|SC1009:Create|}(plain, coalescer);
                }
            }
            """);
    }

    [Test]
    public async Task Interfaces_with_coalesced_methods_their_own_or_inherited_are_silent()
    {
        await Verify.AnalyzerAsync(Services + """
            public static class Setup
            {
                public static void Run(IServiceCollection services, Coalescer coalescer)
                {
                    services.Coalesce<IMarked>().Coalesce<IPartly>().Coalesce<IDerived>();
                    CoalescingProxy.Create<IMarked>(new Service(), coalescer);
                    CoalescingProxy.Create<IDerived>(new Service(), coalescer);
                    CoalescingProxy.Create(typeof(IPlain), new Service(), coalescer);
                }

                public static T Generic<T>(T target, Coalescer coalescer) where T : class => CoalescingProxy.Create<T>(target, coalescer);
            }
            """);
    }
}
