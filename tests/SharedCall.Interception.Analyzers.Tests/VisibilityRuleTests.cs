namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1004: an interface Castle DynamicProxy cannot implement.</summary>
public class VisibilityRuleTests
{
    [Test]
    public async Task An_internal_interface_without_InternalsVisibleTo_is_SC1004_with_the_run_time_message()
    {
        await Verify.AnalyzerAsync(
            """
            using System.Threading.Tasks;
            using SharedCall.Interception;

            namespace App
            {
                internal interface IRepo
                {
                    [Coalesced]
                    Task<int> GetAsync(int id);
                }
            }
            """,
            Verify.Diagnostic("SC1004").WithSpan("/0/Test0.cs", 6, 24, 6, 29).WithMessage(
                "Cannot create a coalescing proxy for interface 'App.IRepo': it is not public, so Castle DynamicProxy cannot implement it. Make the interface (and every type enclosing it) public, or add [assembly: InternalsVisibleTo(\"DynamicProxyGenAssembly2\")] to the assembly that declares it."));
    }

    [Test]
    public async Task A_public_interface_nested_in_a_private_class_is_SC1004()
    {
        await Verify.AnalyzerAsync("""
            using SharedCall.Interception;

            public class Outer
            {
                private class Inner
                {
                    [Coalesced]
                    public interface {|SC1004:IRepo|}
                    {
                        int Get(int id);
                    }
                }
            }
            """);
    }

    [Test]
    public async Task Internal_interfaces_with_InternalsVisibleTo_public_ones_and_unmarked_ones_are_silent()
    {
        await Verify.AnalyzerAsync("""
            using System.Runtime.CompilerServices;
            using SharedCall.Interception;

            [assembly: InternalsVisibleTo("DynamicProxyGenAssembly2, PublicKey=0024000004800000940000000602000000240000525341310004000001000100c547cac37abd99c8db225ef2f6c8a3602f3b3606cc9891605d02baa56104f4cfc0734aa39b93bf7852f7d9266654753cc297e7d2edfe0bac1cdcf9f717241550e0a7b191195b7667bb4f64bcb8e2121380fd1d9d46ad2d92d2d15605093924cceaf74c4861eff62abf69b9291ed0a340e113be11e6a7d3113e92484cf7045cc7")]

            internal interface IInternal
            {
                [Coalesced]
                int Get(int id);
            }

            public class Outer
            {
                internal interface INested
                {
                    [Coalesced]
                    int Get(int id);
                }
            }

            public interface IPublic
            {
                [Coalesced]
                int Get(int id);
            }
            """);
    }

    [Test]
    public async Task Internal_interfaces_with_nothing_coalesced_of_their_own_are_silent()
    {
        await Verify.AnalyzerAsync("""
            using SharedCall.Interception;

            internal interface IRepo
            {
                int Get(int id);
            }

            public interface IMarked
            {
                [Coalesced]
                int Get(int id);
            }

            // Inherits a coalesced method but may never be proxied.
            internal interface IInternalExtension : IMarked
            {
                void Reset();
            }
            """);
    }
}
