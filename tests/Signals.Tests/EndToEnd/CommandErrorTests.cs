using System.Text.RegularExpressions;
using Signals.Tests.Feeds;

namespace Signals.Tests.EndToEnd;

/// <summary>Mistakes a newcomer makes (issue 23, item 8): one line each, saying what to change, with an exit code the README lists.</summary>
public sealed partial class CommandErrorTests
{
    [Test]
    public async Task A_malformed_appsettings_json_is_one_line_naming_the_file_and_its_line_with_exit_78()
    {
        var dir = TestPaths.TempDirectory();
        var config = Directory.CreateDirectory(Path.Combine(dir, "config")).FullName;
        var shipped = await File.ReadAllLinesAsync(Path.Combine(TestPaths.RepoRoot, "config", "appsettings.json"));
        var line = Array.FindIndex(shipped, l => l.Contains("\"Provider\": \"sqlite\","));
        Assert.That(line, Is.GreaterThan(0), "the shipped file names the provider");
        shipped[line] = shipped[line].Replace("\"sqlite\",", "\"sqlite\""); // the comma a hand edit forgets
        await File.WriteAllLinesAsync(Path.Combine(config, "appsettings.json"), shipped);
        foreach (var other in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "config")).Where(f => !f.EndsWith("appsettings.json")))
            File.Copy(other, Path.Combine(config, Path.GetFileName(other)));

        var (exit, stdout, stderr) = await new WorkerProcess(dir).RunAsync("alerts");

        Assert.That(exit, Is.EqualTo(78), stdout + stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        // The reader notices the missing comma where the next value starts: the line after the edited one.
        Assert.That(lines[0], Does.Contain($"appsettings.json:{line + 2}: malformed JSON"), stderr);
    }

    [Test]
    public async Task Review_on_a_taken_port_is_one_line_that_names_the_port_and_how_to_choose_another_with_exit_69()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, stdout, stderr) = await worker.RunAsync("review", "--port", port.ToString());

        Assert.That(exit, Is.EqualTo(69), stdout + stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain($":{port}/").And.Contain("--port").And.Not.Contain("worker goes on"), stderr);
    }

    [Test]
    public async Task Alerts_resend_with_a_word_for_an_id_is_one_line_with_exit_64()
    {
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("alerts", "resend", "abc");

        Assert.That(exit, Is.EqualTo(64), stdout + stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("'abc'").And.Contain("alerts --help"));
    }

    [Test]
    public async Task Every_exit_code_a_verb_returns_is_in_the_readme_and_the_usage()
    {
        var usage = (await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("--help")).Stdout.Split('\n').Single(l => l.StartsWith("exit codes:", StringComparison.Ordinal));
        var codes = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "Signals.Worker"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => ExitCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().Order().ToList();
        Assert.That(codes, Does.Contain("66").And.Contain("69").And.Contain("78"), "the scan found the verbs' exit codes");
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var paragraph = readme[readme.IndexOf("Exit codes:", StringComparison.Ordinal)..];
        paragraph = paragraph[..paragraph.IndexOf("\n\n", StringComparison.Ordinal)];
        foreach (var code in codes)
        {
            Assert.That(paragraph, Does.Match($@"\b{code} "), $"exit {code} in the README's exit codes");
            Assert.That(usage, Does.Match($@"\b{code} "), $"exit {code} in the usage text");
        }
    }

    // return 66; Task.FromResult(66); ? 0 : 69; , 64, (Usage.Print's code)
    [GeneratedRegex(@"(?:return |FromResult\(|\? 0 : |Usage\.Print\(Console\.Error, )(6[4-9]|7[0-9])\b")]
    private static partial Regex ExitCode();
}
