namespace Signals.Tests;

/// <summary>Where the repository and the shared data (../shared beside the repo) are, seen from a test run.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A path under ../shared; fails the test (never skips it) with a message when the shared material is missing.</summary>
    public static string Shared(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", relative));
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Fail($"This test needs the shared material at {path} (../shared beside the repository), which is missing.");
        return path;
    }

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
