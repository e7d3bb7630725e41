using System.Diagnostics;

namespace Signals.Tests.Matching;

/// <summary>config/events-corpus.json is what scripts/build-event-lexicon.py derives from the shared patient corpora.</summary>
public sealed class EventLexiconBuilderTests
{
    [Test]
    public void The_builder_reproduces_the_committed_corpus_phrases_from_the_shared_data()
    {
        var data = Path.GetDirectoryName(TestPaths.Shared("data/cadec"))!;
        var output = Path.Combine(TestPaths.TempDirectory(), "events-corpus.json");
        var start = new ProcessStartInfo("python3", ["scripts/build-event-lexicon.py", "--data", data, "--out", output])
        {
            WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        TestContext.Out.WriteLine(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), stderr.Result);
        Assert.That(File.ReadAllText(output), Is.EqualTo(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "config", "events-corpus.json"))),
            "config/events-corpus.json is not what scripts/build-event-lexicon.py builds: run it again and commit the result");
    }
}
