using System.Text.Json;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Faults;

/// <summary>Structured logs for ops, without secrets or author handles in them.</summary>
public sealed class LogPrivacyTests
{
    [Test]
    public async Task Json_logs_are_one_object_a_line_and_carry_no_secret_and_no_author_handle()
    {
        const string hmacKey = "hmac-key-that-must-not-leak-3141";
        const string smtpPassword = "smtp-password-that-must-not-leak-2718";
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Logging__Console__FormatterName"] = "json";
        worker.Environment["Signals__Storage__PseudonymKey"] = hmacKey;
        worker.Environment["Signals__Email__SmtpHost"] = "127.0.0.1";
        worker.Environment["Signals__Email__SmtpPort"] = LoopbackHttpServer.FreePort().ToString(); // down: failures get logged
        worker.Environment["Signals__Email__Username"] = "signals";
        worker.Environment["Signals__Email__Password"] = smtpPassword;
        worker.Environment["Signals__Email__RetryFor"] = "00:00:00"; // one attempt
        worker.Environment["Signals__Email__Retries"] = "1";
        worker.Environment["Signals__Email__RetryDelay"] = "00:00:00.1";
        var demo = DemoReplay.Demo;

        var (exit, stdout, stderr) = await worker.RunAsync("replay", demo);

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line); // throws on a line that is not one JSON object
            Assert.That(entry.RootElement.TryGetProperty("LogLevel", out _) && entry.RootElement.TryGetProperty("Message", out _), line);
        }
        Assert.That(stderr, Does.Contain("127.0.0.1"), "the delivery failure was logged");
        Assert.That(stdout + stderr, Does.Not.Contain(hmacKey).And.Not.Contain(smtpPassword));
        var authors = File.ReadLines(demo).Take(2000).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("author").GetString()!).Distinct();
        Assert.That(authors.Where(a => stderr.Contains($"\"{a}\"", StringComparison.Ordinal) || stderr.Contains($" {a} ", StringComparison.Ordinal)), Is.Empty,
            "no author handle in the logs");
    }
}
