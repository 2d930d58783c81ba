using System.IO.Compression;

namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>
/// Proves the analyzer ships in the package: packs SharedCall and SharedCall.Interception into a local folder, then
/// builds the projects in tests/PackageConsumers against the PACKED package (a package reference, its own NuGet
/// cache), as a user's project would. A misuse must fail the build with SC1001; a clean project must build with no
/// warning (it treats warnings as errors).
/// </summary>
[NonParallelizable]
public class PackageEndToEndTests
{
    private const string AnalyzerPath = "analyzers/dotnet/cs/SharedCall.Interception.Analyzers.dll";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    private string _work = null!;
    private string _version = null!;
    private Dictionary<string, string> _environment = null!;

    [OneTimeSetUp]
    public void PackTheLibrary()
    {
        var root = RepositoryRoot();
        _work = Directory.CreateTempSubdirectory("sharedcall-package-").FullName;
        var feed = Path.Combine(_work, "feed");

        // Its own package cache: a package of the same version restored earlier must never stand in for this one.
        _environment = new() { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };
        foreach (var project in new[] { "src/SharedCall/SharedCall.csproj", "src/SharedCall.Interception/SharedCall.Interception.csproj" })
        {
            var (exitCode, output) = DotnetProcess.Run(root, _environment, s_timeout, "pack", Path.Combine(root, project), "-c", "Release", "-o", feed, "-nodeReuse:false");
            Assert.That(exitCode, Is.Zero, $"packing {project} failed:\n{output}");
        }

        var package = Directory.GetFiles(feed, "SharedCall.Interception.*.nupkg").Single();
        _version = Path.GetFileNameWithoutExtension(package)["SharedCall.Interception.".Length..];
        using (var archive = ZipFile.OpenRead(package))
        {
            Assert.That(archive.GetEntry(AnalyzerPath), Is.Not.Null, $"{package} has no {AnalyzerPath}");
        }

        CopyDirectory(Path.Combine(root, "tests", "PackageConsumers"), Path.Combine(_work, "consumers"));

        // The local folder comes first; the machine's own sources (merged in by NuGet) bring Castle.Core and the rest.
        File.WriteAllText(Path.Combine(_work, "consumers", "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="sharedcall-packed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
    }

    [OneTimeTearDown]
    public void RemoveTheWorkFolder()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Test]
    public void A_misuse_fails_the_build_with_SC1001()
    {
        var (exitCode, output) = Build("Misuse");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("error SC1001"), output);
            Assert.That(output, Does.Contain("its parameter 'found' is passed by reference"), output);
            Assert.That(output, Does.Not.Contain("CS8032"), "the analyzer did not load:\n" + output);
        });
    }

    [Test]
    public void A_clean_project_builds_without_warnings()
    {
        var (exitCode, output) = Build("Clean");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Not.Contain("warning"), output);
        });
    }

    private (int ExitCode, string Output) Build(string project) =>
        DotnetProcess.Run(
            Path.Combine(_work, "consumers", project),
            _environment,
            s_timeout,
            "build",
            "-c",
            "Release",
            "-nodeReuse:false",
            "-tl:off",
            "-p:UseSharedCompilation=false",
            $"-p:SharedCallInterceptionVersion={_version}");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SharedCall.Interception.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with SharedCall.Interception.sln) is not above " + TestContext.CurrentContext.TestDirectory);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
