using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>
/// Runs <see cref="CoalescedAnalyzer"/> (and its code fixes) over test code with Roslyn's testing library. Diagnostics
/// are given in the code as markup, <c>{|SC1001:text|}</c>, which pins each one's exact span; code without markup
/// must produce no diagnostic at all.
/// </summary>
internal static class Verify
{
    // The running framework's own assemblies: nothing is downloaded, so the tests run offline and in CI alike.
    public static readonly MetadataReference[] Framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToArray();

    public static Task AnalyzerAsync(string code, params DiagnosticResult[] expected) =>
        AnalyzerAsync(code, [], expected);

    /// <summary>Analyzes <paramref name="code"/> compiled with <paramref name="otherFiles"/> (which must raise nothing).</summary>
    public static Task AnalyzerAsync(string code, string[] otherFiles, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<CoalescedAnalyzer, DefaultVerifier> { TestCode = code };
        Configure(test.TestState);
        for (var i = 0; i < otherFiles.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Other{i}.cs", otherFiles[i]));
        }

        test.ReferenceAssemblies = None;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFixAsync<TFix>(string code, string fixedCode)
        where TFix : CodeFixProvider, new() =>
        CodeFixAsync<TFix>([code], [fixedCode]);

    /// <summary>Checks a fix that changes several files: <paramref name="files"/> before, <paramref name="fixedFiles"/> after.</summary>
    public static Task CodeFixAsync<TFix>(string[] files, string[] fixedFiles)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<CoalescedAnalyzer, TFix, DefaultVerifier> { ReferenceAssemblies = None };
        for (var i = 0; i < files.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", files[i]));
            test.FixedState.Sources.Add(($"/0/Test{i}.cs", fixedFiles[i]));
        }

        Configure(test.TestState);
        test.FixedState.Sources.Add(("/0/Stubs.cs", Stubs.Source));
        return test.RunAsync();
    }

    /// <summary>A diagnostic with its message, for tests that pin the words (markup pins only the id and span).</summary>
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Error);

    /// <summary>A warning with its message (SC1005-SC1008).</summary>
    public static DiagnosticResult Warning(string id) => new(id, DiagnosticSeverity.Warning);

    private static ReferenceAssemblies None => new("net10.0");

    private static void Configure(SolutionState state)
    {
        state.Sources.Add(("/0/Stubs.cs", Stubs.Source));
        state.AdditionalReferences.AddRange(Framework);
    }
}
