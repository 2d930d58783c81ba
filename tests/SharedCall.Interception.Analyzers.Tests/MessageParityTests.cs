using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>
/// The analyzer and the proxy say the same words: each interface below is compiled against the real
/// SharedCall.Interception, analyzed, then loaded, and a real proxy of it is created. The one error diagnostic's
/// message must equal the exception's. (One known difference, not tested here: for a generic interface the analyzer
/// names the declaration, <c>IRepo&lt;T&gt;</c>, where the proxy names the closed type it was asked for, <c>IRepo&lt;Int32&gt;</c>.)
/// </summary>
public class MessageParityTests
{
    [TestCase("public interface IRepo { [Coalesced] int Get(ref int id); }", "SC1001")]
    [TestCase("public interface IRepo { [Coalesced] Task<int> GetAsync(int a, out int b); }", "SC1001")]
    [TestCase("public interface IRepo { [Coalesced] IAsyncEnumerable<int> Stream(int id); }", "SC1002")]
    [TestCase("public interface IRepo { [Coalesced(Key = \"user}\")] Task<int> GetAsync(int id); }", "SC1003")]
    [TestCase("public interface IRepo { [Coalesced(Key = \"{id,wide}\")] Task<int> GetAsync(int id); }", "SC1003")]
    [TestCase("public interface IRepo { [Coalesced(Key = \"{id:{}\")] Task<int> GetAsync(int id); }", "SC1003")]
    [TestCase("public interface IRepo { [Coalesced(Key = \"{:x}\")] Task<int> GetAsync(int id, CancellationToken token); }", "SC1003")]
    [TestCase("public interface IRepo { [Coalesced(Key = \"u:{token}\")] Task<int> GetAsync(int id, CancellationToken token); }", "SC1003")]
    [TestCase("public struct Opaque { public int V; } public interface IRepo { [Coalesced(Key = \"k:{v}\")] Task<int> GetAsync(Opaque v); }", "SC1003")]
    [TestCase("public interface IRepo { [Coalesced(Key = \"k:{ids}\")] Task<int> GetAsync(List<int>[] ids); }", "SC1003")]
    [TestCase("internal interface IRepo { [Coalesced] Task<int> GetAsync(int id); }", "SC1004")]
    [TestCase("public class Outer { internal interface IRepo { [Coalesced] Task<int> GetAsync(int id); } }", "SC1004")]
    [TestCase("public interface IRepo { [Coalesced(TimeoutMilliseconds = -1)] Task<int> GetAsync(int id); }", "SC1010")]
    [TestCase("public interface IRepo { [Coalesced(ReuseForMilliseconds = -200)] int Get(int id); }", "SC1010")]
    public void The_diagnostic_says_what_the_proxy_throws(string declarations, string id)
    {
        var source = "using System.Collections.Generic; using System.Threading; using System.Threading.Tasks; using SharedCall.Interception;\nnamespace App { " + declarations + " }";
        var compilation = CSharpCompilation.Create(
            "Parity" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source)],
            [.. Verify.Framework, MetadataReference.CreateFromFile(typeof(CoalescingProxy).Assembly.Location), MetadataReference.CreateFromFile(typeof(Coalescer).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);

        var diagnostics = compilation.WithAnalyzers([new CoalescedAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Id, Is.EqualTo(id));

        Assert.That(error.GetMessage(), Is.EqualTo(ProxyCreationError(compilation)));
    }

    private static string ProxyCreationError(Compilation compilation)
    {
        using var image = new MemoryStream();
        Assert.That(compilation.Emit(image).Success, Is.True);
        // Loaded for good (DispatchProxy's and Castle's generated types cannot refer to a collectible assembly).
        var type = Assembly.Load(image.ToArray()).GetTypes().Single(t => t.IsInterface && t.Name == "IRepo");
        var target = DispatchProxy.Create(type, typeof(NeverCalled));
        var exception = Assert.Throws<InvalidOperationException>(() => CoalescingProxy.Create(type, target, new Coalescer()));
        return exception!.Message;
    }

    /// <summary>A target for the proxy; creation fails before any call.</summary>
    public class NeverCalled : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new NotSupportedException();
    }
}
