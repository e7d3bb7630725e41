using System.Diagnostics;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Faults;

/// <summary>
/// kill -9 of the worker in the middle of ingestion and in the middle of an e-mail delivery, on
/// the real PostgreSQL, delivering to a real SMTP conversation on loopback; then a restart. The
/// result must equal one uninterrupted run: same posts, same alerts, each e-mail delivered once.
/// </summary>
public sealed class CrashTests
{

    private static WorkerProcess Worker(string database, int smtpPort)
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Signals__Storage__Provider"] = "postgres";
        worker.Environment["Signals__Storage__ConnectionString"] = database;
        worker.Environment["Signals__Storage__PseudonymKey"] = "crash-test-secret-of-32-bytes-at-least";
        worker.Environment["Signals__Email__SmtpHost"] = "127.0.0.1";
        worker.Environment["Signals__Email__SmtpPort"] = smtpPort.ToString();
        worker.Environment["Signals__Email__ClaimLease"] = "00:00:02"; // a killed dispatcher's claim is taken over quickly
        return worker;
    }

    private static async Task<List<string>> AlertRowsAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT product, coalesce(event, '-'), first_day, last_day, status FROM alerts ORDER BY id", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetFieldValue<DateOnly>(2)} {reader.GetFieldValue<DateOnly>(3)} {reader.GetInt32(4)}");
        return rows;
    }

    [Test]
    public async Task Killed_during_ingestion_and_during_a_delivery_then_restarted_equals_one_uninterrupted_run()
    {
        var referenceDb = await TestEnvironment.CreateDatabaseAsync("crash_ref");
        var crashedDb = await TestEnvironment.CreateDatabaseAsync("crash");
        try
        {
            using var referenceSmtp = new ScriptedSmtpServer();
            var (exit, stdout, stderr) = await Worker(referenceDb, referenceSmtp.Port).RunAsync("replay", DemoReplay.Demo);
            Assert.That(exit, Is.EqualTo(0), stdout + stderr);
            var expectedMail = referenceSmtp.Accepted.Select(m => m.MessageId).Order().ToList();
            Assert.That(expectedMail, Is.Not.Empty);

            using var smtp = new ScriptedSmtpServer();
            var worker = Worker(crashedDb, smtp.Port);

            // 1. kill -9 while posts are being stored (before the surge, so before any e-mail).
            using (var first = worker.Start("replay", DemoReplay.Demo))
            {
                await WaitForPostsAsync(crashedDb, first);
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
            Assert.That(smtp.Accepted, Is.Empty);

            // 2. Restarted, then kill -9 while the first e-mail's data is with the server, before it answers.
            Process? second = null;
            var killed = 0;
            smtp.BeforeAccept = _ =>
            {
                if (Interlocked.Exchange(ref killed, 1) == 1) return true;
                second!.Kill(entireProcessTree: true);
                return false;
            };
            using (second = worker.Start("replay", DemoReplay.Demo))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
                await second.WaitForExitAsync(timeout.Token);
            }
            Assert.That(killed, Is.EqualTo(1), "the worker was killed in the middle of a delivery");

            // 3. Restarted again, to the end.
            await Task.Delay(TimeSpan.FromSeconds(2)); // the killed dispatcher's claim runs out
            (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);
            Assert.That(exit, Is.EqualTo(0), stdout + stderr);

            Assert.That(await DatabaseOutageTests.CountAsync(crashedDb), Is.EqualTo(await DatabaseOutageTests.CountAsync(referenceDb)), "same posts");
            Assert.That(await AlertRowsAsync(crashedDb), Is.EqualTo(await AlertRowsAsync(referenceDb)), "same alerts, all sent");
            Assert.That(smtp.Accepted.Select(m => m.MessageId).Order().ToList(), Is.EqualTo(expectedMail), "every e-mail delivered once");
        }
        finally
        {
            await TestEnvironment.DropDatabaseAsync(referenceDb);
            await TestEnvironment.DropDatabaseAsync(crashedDb);
        }
    }

    [Test]
    public async Task Killed_during_an_smtp_transfer_and_rerun_at_once_sends_every_alert_with_at_most_that_one_e_mail_twice()
    {
        var database = await TestEnvironment.CreateDatabaseAsync("crash_smtp");
        try
        {
            using var smtp = new ScriptedSmtpServer();
            var worker = Worker(database, smtp.Port);
            worker.Environment.Remove("Signals__Email__ClaimLease"); // the shipped 10 min claim, which a rerun must not wait out

            Process? first = null;
            var killed = 0;
            string? inTransfer = null;
            smtp.BeforeAccept = message =>
            {
                if (Interlocked.Exchange(ref killed, 1) == 1) return true;
                inTransfer = message.MessageId;
                first!.Kill(entireProcessTree: true); // the data is with the server; its 250 never reaches the worker
                return true;                          // and the server keeps the message: the worst case
            };
            using (first = worker.Start("replay", DemoReplay.Demo))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
                await first.WaitForExitAsync(timeout.Token);
            }
            Assert.That(killed, Is.EqualTo(1), "the worker was killed in the middle of a delivery");

            var rerun = Stopwatch.StartNew();
            var (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);
            Assert.That(exit, Is.EqualTo(0), stdout + stderr);
            Assert.That(rerun.Elapsed, Is.LessThan(TimeSpan.FromMinutes(3)));
            Assert.That(await DatabaseOutageTests.CountAsync(database, "SELECT COUNT(*) FROM alerts WHERE status = 0"), Is.Zero,
                "no alert left claimed by the killed worker");
            var ids = smtp.Accepted.Select(m => m.MessageId).ToList();
            Assert.That(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key), Is.EqualTo(new[] { inTransfer }),
                "only the e-mail in transfer at the kill is delivered twice, with the same Message-Id");
        }
        finally
        {
            await TestEnvironment.DropDatabaseAsync(database);
        }
    }

    private static async Task WaitForPostsAsync(string database, Process process)
    {
        var started = Stopwatch.StartNew();
        while (await DatabaseOutageTests.CountAsync(database) <= 0)
        {
            if (process.HasExited) Assert.Fail("the replay ended before it could be killed");
            if (started.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail("no post stored within 60 s");
            await Task.Delay(100);
        }
    }
}
