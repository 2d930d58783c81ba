namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1001 (by-reference parameters and returns) and SC1002 (IAsyncEnumerable&lt;T&gt;).</summary>
public class ShapeRuleTests
{
    [TestCase("ref")]
    [TestCase("out")]
    [TestCase("in")]
    public async Task A_by_reference_parameter_is_SC1001_on_the_parameter(string modifier)
    {
        await Verify.AnalyzerAsync($$"""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                int Get({{modifier}} int {|SC1001:id|});
            }
            """);
    }

    [Test]
    public async Task The_message_is_the_run_time_error()
    {
        await Verify.AnalyzerAsync(
            """
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                int Get(ref int id);
            }
            """,
            Verify.Diagnostic("SC1001").WithSpan("/0/Test0.cs", 6, 21, 6, 23).WithMessage(
                "Interface 'IRepo', method 'Get': it is marked [Coalesced] but cannot be coalesced because its parameter 'id' is passed by reference (ref, out or in), and callers that join another caller's execution could not receive its value. Remove [Coalesced] from the method (or its interface), or change its signature."));
    }

    [Test]
    public async Task A_by_reference_return_is_SC1001_on_the_method_name()
    {
        await Verify.AnalyzerAsync("""
            using SharedCall.Interception;

            [Coalesced]
            public interface IRepo
            {
                ref int {|SC1001:Get|}(int id);
            }
            """);
    }

    [Test]
    public async Task An_IAsyncEnumerable_result_is_SC1002_on_the_method_name()
    {
        await Verify.AnalyzerAsync("""
            using System.Collections.Generic;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                IAsyncEnumerable<int> {|SC1002:Stream|}(int id);
            }
            """);
    }

    [Test]
    public async Task Unmarked_methods_and_methods_of_unmarked_interfaces_are_not_checked()
    {
        await Verify.AnalyzerAsync("""
            using System.Collections.Generic;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                int Get(int id);

                int Swap(ref int a, ref int b);

                IAsyncEnumerable<int> Stream();
            }

            public interface IPlain
            {
                ref int Get(out int id);
            }
            """);
    }

    [Test]
    public async Task An_interface_mark_covers_methods_not_property_accessors()
    {
        await Verify.AnalyzerAsync("""
            using SharedCall.Interception;

            [Coalesced]
            public interface IRepo
            {
                int Value { get; set; }

                int Get(in int {|SC1001:id|});
            }
            """);
    }
}
