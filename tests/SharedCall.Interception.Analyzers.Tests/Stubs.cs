namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>
/// Test-local copies of the public API the analyzer looks for, compiled with every test's code. The attribute already
/// has the execution-policy durations (TimeoutMilliseconds, ReuseForMilliseconds) that SC1010 checks.
/// </summary>
internal static class Stubs
{
    public const string Source = """
        namespace SharedCall
        {
            public sealed class Coalescer { }
        }

        namespace SharedCall.Interception
        {
            [System.AttributeUsage(System.AttributeTargets.Method | System.AttributeTargets.Interface, Inherited = false)]
            public sealed class CoalescedAttribute : System.Attribute
            {
                public string Key { get; set; }
                public int TimeoutMilliseconds { get; set; }
                public int ReuseForMilliseconds { get; set; }
            }

            public static class CoalescingProxy
            {
                public static T Create<T>(T target, SharedCall.Coalescer coalescer) where T : class => target;
                public static object Create(System.Type interfaceType, object target, SharedCall.Coalescer coalescer) => target;
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }

            public static class CoalescingServiceCollectionExtensions
            {
                public static IServiceCollection Coalesce<TService>(this IServiceCollection services) where TService : class => services;
            }
        }
        """;
}
