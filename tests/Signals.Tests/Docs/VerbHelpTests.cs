using System.Text.RegularExpressions;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Docs;

/// <summary>Every verb answers <c>--help</c> with its own usage, the synopsis of the README's verbs table.</summary>
public sealed partial class VerbHelpTests
{
    /// <summary>The first column of the README's verbs table: <c>replay FILE...</c>, <c>alerts resend ID</c>, …</summary>
    private static List<string> ReadmeSynopses() =>
        File.ReadLines(Path.Combine(TestPaths.RepoRoot, "README.md"))
            .Select(line => Row().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value.Replace("\\|", "|"))
            .ToList();

    [Test]
    public async Task Each_verb_of_the_readme_answers_help_with_its_own_synopsis()
    {
        var synopses = ReadmeSynopses();
        Assert.That(synopses, Has.Count.GreaterThanOrEqualTo(12), "the README's verbs table was read");
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        foreach (var verb in synopses.Select(s => s.Split(' ')[0]).Distinct())
        {
            var (exit, stdout, stderr) = await worker.RunAsync(verb, "--help");
            Assert.That(exit, Is.EqualTo(0), $"{verb} --help: {stdout}{stderr}");
            var usage = stdout.Split('\n').Where(l => l.StartsWith("usage: signals ", StringComparison.Ordinal)).Select(l => l["usage: signals ".Length..].TrimEnd()).ToList();
            Assert.That(usage, Is.EquivalentTo(synopses.Where(s => s.Split(' ')[0] == verb)), $"{verb} --help against the README");
        }
    }

    [Test]
    public async Task Signals_help_lists_every_verb_and_exits_0()
    {
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("--help");
        Assert.That(exit, Is.EqualTo(0), stderr);
        foreach (var synopsis in ReadmeSynopses()) Assert.That(stdout, Does.Contain(synopsis));
    }

    [Test]
    public async Task Train_help_documents_data_and_no_hidden_option()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        var (_, help, _) = await worker.RunAsync("train", "--help");
        Assert.That(help, Does.Contain("--data").And.Not.Contain("--shared"));
        var (exit, _, error) = await worker.RunAsync("train", "--shared", "x");
        Assert.That(exit, Is.EqualTo(64), "--shared is not an option");
        Assert.That(error, Does.Contain("--data VALUE").And.Not.Contain("--shared VALUE"));
    }

    [GeneratedRegex(@"^\| `((?:[^`])+)`")]
    private static partial Regex Row();
}
