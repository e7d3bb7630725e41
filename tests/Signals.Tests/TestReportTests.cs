using System.Diagnostics;

namespace Signals.Tests;

/// <summary>
/// scripts/trx-report.py, what scripts/test.sh prints after dotnet test: CI reads only its last line and keeps only the tail
/// of the output, so the line must count every outcome and a red run must name its failed tests just above it.
/// </summary>
public sealed class TestReportTests
{
    [Test]
    public void The_report_names_tests_not_run_for_want_of_shared_and_the_failed_ones_then_ends_with_the_counts()
    {
        var results = TestPaths.TempDirectory();
        File.WriteAllText(Path.Combine(results, "tests.trx"), $"""
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>
              <UnitTestResult testName="Passes" outcome="Passed" />
              <UnitTestResult testName="Needs_shared" outcome="NotExecuted"><Output><ErrorInfo><Message>{TestPaths.MissingShared}: needs /x</Message></ErrorInfo></Output></UnitTestResult>
              <UnitTestResult testName="Ignored_otherwise" outcome="NotExecuted"><Output><ErrorInfo><Message>not today</Message></ErrorInfo></Output></UnitTestResult>
              <UnitTestResult testName="Times_out" outcome="Timeout" />
              <UnitTestResult testName="Breaks" outcome="Failed"><Output><ErrorInfo><Message>  Expected: 3
              But was:  4</Message><StackTrace>   at NUnit.Framework.Assert.That()
               at Signals.Tests.Somewhere.Breaks() in /repo/tests/Somewhere.cs:line 12</StackTrace></ErrorInfo></Output></UnitTestResult>
            </Results></TestRun>
            """);

        var lines = Report(results);

        Assert.That(lines[0], Does.StartWith("test.sh: ../shared is missing").And.Contain("1 tests were not run").And.EndWith(": Needs_shared"));
        Assert.That(lines, Has.Some.EqualTo("test.sh: 2 failed:"));
        var breaks = lines.IndexOf("  FAILED Breaks (Failed)");
        Assert.That(breaks, Is.GreaterThan(0), string.Join('\n', lines));
        Assert.That(lines[breaks + 1], Is.EqualTo("    Expected: 3"));
        Assert.That(lines[breaks + 3], Does.StartWith("    at Signals.Tests.Somewhere.Breaks()"), "the Signals frames of the stack, not NUnit's");
        Assert.That(lines, Has.Some.EqualTo("  FAILED Times_out (Timeout)"), "every outcome that is neither a pass nor a skip is a failure");
        Assert.That(lines[^1], Is.EqualTo("1 passed, 2 failed, 2 skipped"));
    }

    [Test]
    public void With_no_results_the_report_counts_nothing_which_test_sh_turns_into_a_failure_when_dotnet_test_failed()
    {
        var lines = Report(TestPaths.TempDirectory());

        Assert.That(lines, Is.EqualTo(new[] { "0 passed, 0 failed, 0 skipped" }));
        Assert.That(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "scripts", "test.sh")),
            Does.Contain("""[ "$summary" = "0 passed, 0 failed, 0 skipped" ] && [ "$status" -ne 0 ]"""));
    }

    private static List<string> Report(string results)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(TestPaths.RepoRoot, "scripts", "trx-report.py"), results])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
