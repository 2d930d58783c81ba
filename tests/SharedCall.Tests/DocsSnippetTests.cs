using System.Text.RegularExpressions;

namespace SharedCall.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md, docs/*.md and the package readmes (src/*/README.md) appears verbatim,
/// whitespace aside, in a test or example source file that has each of the block's <c>using</c> directives (its own, or
/// its project's global <c>&lt;Using Include&gt;</c> items): the
/// snippets users copy are compiled (most of them run in the ReadmeSnippetTests) and cannot drift from the code.
/// </summary>
public partial class DocsSnippetTests
{
    [Test]
    public void Every_csharp_snippet_is_compiled_in_a_test_or_an_example()
    {
        var root = RepositoryRoot();
        var sources = SourceFiles(root)
            .Select(path => (Text: File.ReadAllText(path), Project: ProjectUsings(path)))
            .Select(file => (Body: Normalize(file.Text), Usings: UsingDirectives(file.Text).Union(file.Project).ToHashSet()))
            .ToList();
        var snippets = Snippets(root).ToList();
        var missing = new List<string>();
        foreach (var (document, block) in snippets)
        {
            var usings = UsingDirectives(block);
            var code = block.Split('\n').Where(line => !UsingDirective().IsMatch(line)).ToList();
            var body = Normalize(string.Join('\n', code));
            if (!sources.Any(source => source.Body.Contains(body, StringComparison.Ordinal) && usings.IsSubsetOf(source.Usings)))
            {
                missing.Add($"{document}: the snippet whose code starts \"{code.FirstOrDefault(line => line.Trim().Length > 0)?.Trim()}\"");
            }
        }

        Assert.That(snippets, Has.Count.GreaterThan(20), "the documents' snippets were not found");
        Assert.That(
            missing,
            Is.Empty,
            "Each snippet must appear verbatim in a file under tests/ or examples/ that has its using directives (see tests/*/ReadmeSnippetTests.cs).");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SharedCall.Interception.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above the test directory.");
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        new[] { "tests", "examples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IEnumerable<(string Document, string Block)> Snippets(string root)
    {
        var documents = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md"))
            .Concat(Directory.EnumerateDirectories(Path.Combine(root, "src")).Select(project => Path.Combine(project, "README.md")).Where(File.Exists));
        foreach (var document in documents)
        {
            foreach (Match match in CsharpBlock().Matches(File.ReadAllText(document).ReplaceLineEndings("\n")))
            {
                yield return (Path.GetRelativePath(root, document), match.Groups[1].Value);
            }
        }
    }

    private static HashSet<string> UsingDirectives(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Where(line => UsingDirective().IsMatch(line)).Select(line => line.Trim()).ToHashSet();

    // The project's <Using Include="X" /> items, as the directives they stand for.
    private static IEnumerable<string> ProjectUsings(string sourceFile)
    {
        var directory = Path.GetDirectoryName(sourceFile);
        while (directory is not null && !Directory.EnumerateFiles(directory, "*.csproj").Any())
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory is null
            ? []
            : Directory.EnumerateFiles(directory, "*.csproj")
                .SelectMany(project => GlobalUsing().Matches(File.ReadAllText(project)))
                .Select(match => $"using {match.Groups[1].Value};");
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CsharpBlock();

    [GeneratedRegex(@"^\s*using [A-Za-z0-9_.]+;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"<Using Include=""([A-Za-z0-9_.]+)""\s*/>")]
    private static partial Regex GlobalUsing();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
