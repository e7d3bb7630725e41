namespace Signals.Tests;

/// <summary>Where the repository and the shared data (../shared beside the repo) are, seen from a test run.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// A path under ../shared. A clone without ../shared (the research corpora and recorded feeds, which cannot be
    /// redistributed) reports the test as not run, saying what is missing — never as passed; where ../shared exists, a
    /// missing file in it fails the test.
    /// </summary>
    public static string Shared(string relative) => Shared(Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared")), relative);

    internal static string Shared(string root, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(root, relative));
        if (!Directory.Exists(root))
            Assert.Ignore($"{MissingShared}: needs {path}");
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Fail($"This test needs the shared material at {path}, which is missing although {root} exists.");
        return path;
    }

    /// <summary>The start of every such test's skip reason; scripts/test.sh names those tests in one line after it.</summary>
    public const string MissingShared = "not run: ../shared is missing (research corpora and recorded feeds that cannot be redistributed)";

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "signals-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Signals.sln"))) return dir.FullName;
        throw new InvalidOperationException("Signals.sln not found above the test directory");
    }
}
