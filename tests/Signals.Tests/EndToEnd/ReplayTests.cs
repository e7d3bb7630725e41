using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Signals.Tests.EndToEnd;

/// <summary>The README's promise, end to end: the real executable replays the bundled demo on embedded defaults.</summary>
public sealed class ReplayTests
{
    private static readonly DateOnly SurgeOnset = new(2017, 7, 15);
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);


    private sealed record AlertRow(long Id, string Product, string? Event, string FirstDay, string LastDay, int Observed, double Expected, string Status, string? ClosedOn = null);

    private static async Task<List<AlertRow>> AlertsAsync(WorkerProcess worker)
    {
        var (exit, stdout, stderr) = await worker.RunAsync("alerts", "--json");
        Assert.That(exit, Is.EqualTo(0), stderr);
        return JsonSerializer.Deserialize<List<AlertRow>>(stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static long CountPosts(WorkerProcess worker)
    {
        using var connection = new SqliteConnection($"Data Source={worker.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM posts";
        return (long)command.ExecuteScalar()!;
    }

    private static string[] Emails(WorkerProcess worker) =>
        Directory.Exists(worker.OutboxPath) ? Directory.GetFiles(worker.OutboxPath, "*.eml").Select(f => Path.GetFileName(f)).Order().ToArray() : [];

    [Test]
    public async Task Demo_replay_alerts_levothyroxine_within_a_week_of_the_surge_and_not_the_flat_products()
    {
        var replay = await DemoReplay.GetAsync();
        var (exit, stdout, stderr) = (replay.ExitCode, replay.Stdout, replay.Stderr);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        var worker = replay.CopyTo(_dir); // the resend below adds to it

        var alerts = await AlertsAsync(worker);
        var levo = alerts.Where(a => a.Product == "levothyroxine").ToList();
        Assert.That(levo, Is.Not.Empty, stdout);
        var first = DateOnly.Parse(levo.Min(a => a.FirstDay)!);
        Assert.That(first, Is.InRange(SurgeOnset, SurgeOnset.AddDays(7)), "first levothyroxine alert within 7 days of the onset");
        Assert.That(first, Is.InRange(SurgeOnset, SurgeOnset.AddDays(3)), "within 3 days of the onset");
        Assert.That(alerts.Where(a => a.Product != "levothyroxine"), Is.Empty, "every other product is flat");
        Assert.That(alerts.Where(a => a.Event is null).Select(a => a.Status), Is.EqualTo(new[] { "sent" }), "one episode, one e-mail");
        Assert.That(alerts.Where(a => a.Event is not null).Select(a => a.Status), Has.All.EqualTo("covered").And.Not.Empty,
            "the events rising with it are evidence in that e-mail");

        // One e-mail when the episode opens, an update each time it has doubled since the last one, and one when it has
        // ended — exactly when detection stored its end (with open episodes kept out of the baseline the demo's episode
        // lasts to the end of its data, so there is none) — all in one thread.
        var emails = Emails(worker);
        Assert.That(emails, Has.Length.InRange(2, 5));
        Assert.That(emails.Count(e => !e.Contains("-update-") && !e.Contains("-closed")), Is.EqualTo(1));
        var episode = alerts.Single(a => a.Event is null);
        Assert.That(emails.Count(e => e.Contains("-closed")), Is.EqualTo(episode.ClosedOn is null ? 0 : 1), $"closing e-mail iff the episode ended (closed on {episode.ClosedOn ?? "-"})");
        foreach (var reply in emails.Where(e => e.Contains("-update-") || e.Contains("-closed")))
            Assert.That(File.ReadAllText(Path.Combine(worker.OutboxPath, reply)), Does.Contain("In-Reply-To: <alert-").And.Contain("Subject: Signal: levothyroxine (from 16 Jul 2017) "));
        var levoMail = await File.ReadAllTextAsync(Path.Combine(worker.OutboxPath, emails.First(e => File.ReadAllText(Path.Combine(worker.OutboxPath, e)).Contains("levothyroxine"))));
        Assert.That(levoMail, Does.Contain("Subject:"));

        // An analyst asks for it again: a second, distinct e-mail; an unknown id is refused.
        var sent = alerts.Single(a => a.Event is null);
        var (resendExit, resendOut, resendErr) = await worker.RunAsync("alerts", "resend", sent.Id.ToString());
        Assert.That(resendExit, Is.EqualTo(0), resendOut + resendErr);
        Assert.That(Emails(worker), Has.Length.EqualTo(emails.Length + 1));
        Assert.That((await worker.RunAsync("alerts", "resend", "999")).ExitCode, Is.EqualTo(66));
    }

    [Test]
    public async Task Replaying_twice_stores_no_post_twice_and_sends_no_alert_twice()
    {
        var worker = (await DemoReplay.GetAsync()).CopyTo(_dir); // the first replay, as it left its folder
        var posts = CountPosts(worker);
        var alerts = await AlertsAsync(worker);
        var emails = Emails(worker);

        var (exit, stdout, _) = await worker.RunAsync("replay", DemoReplay.Demo);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain(" 0 new;").And.Contain("0 alerts opened, 0 e-mails sent"));
        Assert.That(CountPosts(worker), Is.EqualTo(posts));
        Assert.That((await AlertsAsync(worker)).Select(a => (a.Product, a.FirstDay)), Is.EqualTo(alerts.Select(a => (a.Product, a.FirstDay))));
        Assert.That(Emails(worker), Is.EqualTo(emails));
    }

    [Test]
    public async Task Kill_9_in_the_middle_of_a_replay_then_a_rerun_loses_no_post_and_doubles_no_alert()
    {
        var reference = (await DemoReplay.GetAsync()).CopyTo(Directory.CreateDirectory(Path.Combine(_dir, "reference")).FullName);

        var crashed = new WorkerProcess(Directory.CreateDirectory(Path.Combine(_dir, "crashed")).FullName);
        using (var process = crashed.Start("replay", DemoReplay.Demo))
        {
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2) && !HasPosts(crashed)) await Task.Delay(20);
            Assert.That(process.HasExited, Is.False, "the replay finished before it could be killed: the test proves nothing");
            process.Kill(entireProcessTree: true); // SIGKILL: no clean-up runs
            await process.WaitForExitAsync();
        }
        var partial = CountPosts(crashed);
        Assert.That(partial, Is.LessThan(CountPosts(reference)), "killed mid-way");

        var (exit, stdout, stderr) = await crashed.RunAsync("replay", DemoReplay.Demo);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);

        Assert.That(CountPosts(crashed), Is.EqualTo(CountPosts(reference)));
        var expected = (await AlertsAsync(reference)).Select(a => (a.Product, a.FirstDay, a.LastDay, a.Status));
        Assert.That((await AlertsAsync(crashed)).Select(a => (a.Product, a.FirstDay, a.LastDay, a.Status)), Is.EqualTo(expected));
        Assert.That(Emails(crashed), Has.Length.EqualTo(Emails(reference).Length));
    }

    [Test]
    public async Task Demo_replay_on_postgresql_gives_the_same_alerts_as_on_sqlite()
    {
        var sqlite = (await DemoReplay.GetAsync()).CopyTo(Directory.CreateDirectory(Path.Combine(_dir, "sqlite")).FullName);

        var database = await TestEnvironment.CreateDatabaseAsync("replay");
        try
        {
            var postgres = new WorkerProcess(Directory.CreateDirectory(Path.Combine(_dir, "postgres")).FullName);
            postgres.Environment["Signals__Storage__Provider"] = "postgres";
            postgres.Environment["Signals__Storage__ConnectionString"] = database;
            postgres.Environment["Signals__Storage__PseudonymKey"] = "replay-test-secret-of-32-bytes-at-least";
            var (exit, stdout, stderr) = await postgres.RunAsync("replay", DemoReplay.Demo);
            Assert.That(exit, Is.EqualTo(0), stdout + stderr);

            var expected = (await AlertsAsync(sqlite)).Select(a => (a.Product, a.FirstDay, a.LastDay, a.Observed, a.Status));
            Assert.That((await AlertsAsync(postgres)).Select(a => (a.Product, a.FirstDay, a.LastDay, a.Observed, a.Status)), Is.EqualTo(expected));
            Assert.That(Emails(postgres), Has.Length.EqualTo(Emails(sqlite).Length));
        }
        finally
        {
            await TestEnvironment.DropDatabaseAsync(database);
        }
    }

    private static bool HasPosts(WorkerProcess worker)
    {
        if (!File.Exists(worker.DatabasePath)) return false;
        try { return CountPosts(worker) > 0; }
        catch (SqliteException) { return false; } // schema not created yet, or locked for a moment
    }
}
