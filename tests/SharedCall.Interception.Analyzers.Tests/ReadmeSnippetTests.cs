namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>The C# snippet of README.md's "Compile-time checks" section: analyzed, with the warnings it claims.</summary>
public class ReadmeSnippetTests
{
    // What a project with <ImplicitUsings>enable</ImplicitUsings> has, plus the snippet's Order.
    private const string ProjectContext = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;

        public sealed record Order(int Id);
        """;

    [Test]
    public async Task Snippet_compile_time_checks()
    {
        const string snippet = """
            // README snippet "compile-time-checks"
            using SharedCall.Interception;

            public interface IOrderService
            {
                [Coalesced]
                Task<List<Order>> GetOrdersAsync(int customerId); // SC1007: every caller gets the same List<Order>

                [Coalesced]
                Task SaveOrderAsync(Order order);                 // SC1006: a joined caller's save is skipped
            }

            // end snippet
            """;

        await Verify.AnalyzerAsync(
            snippet,
            [ProjectContext],
            Verify.Warning("SC1007").WithSpan("/0/Test0.cs", 7, 5, 7, 22),
            Verify.Warning("SC1006").WithSpan("/0/Test0.cs", 10, 10, 10, 24));
    }
}
