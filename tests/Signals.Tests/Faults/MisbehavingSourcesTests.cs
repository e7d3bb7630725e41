using System.Net;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Faults;

/// <summary>
/// Everything outside misbehaving at once — the SMTP server down, feeds answering garbage, 500,
/// 429 and nothing at all — while one good feed keeps arriving: the good posts are stored and
/// health names each problem.
/// </summary>
public sealed class MisbehavingSourcesTests
{
    [Test]
    public async Task With_smtp_down_and_broken_feeds_the_good_feed_is_still_stored_and_health_names_each_problem()
    {
        var dir = TestPaths.TempDirectory();
        var worker = new WorkerProcess(dir);
        var smtpPort = LoopbackHttpServer.FreePort(); // nothing listens
        worker.Environment["Signals__Email__SmtpHost"] = "127.0.0.1";
        worker.Environment["Signals__Email__SmtpPort"] = smtpPort.ToString();
        worker.Environment["Signals__Email__RetryFor"] = "00:00:00"; // one attempt
        worker.Environment["Signals__Email__Retries"] = "1";
        worker.Environment["Signals__Email__RetryDelay"] = "00:00:00.1";
        var (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr); // an alert now waits in the outbox

        using var release = new CancellationTokenSource();
        // One host each: a host failing over and over has its circuit opened, which would hide the other failures' own errors.
        using var garbage = new LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "application/rss+xml";
            await response.OutputStream.WriteAsync("<html><body>Maintenance</body></html>\u0000\u0001garbage"u8.ToArray());
        });
        using var broken = new LoopbackHttpServer((_, response) => { response.StatusCode = 500; return Task.CompletedTask; });
        using var busy = new LoopbackHttpServer((_, response) =>
        {
            response.StatusCode = 429;
            response.Headers["Retry-After"] = "3600";
            return Task.CompletedTask;
        });
        using var hanging = new LoopbackHttpServer(async (_, _) =>
        {
            try { await Task.Delay(TimeSpan.FromMinutes(5), release.Token); } catch (OperationCanceledException) { }
        });
        var good = Path.Combine(dir, "good.jsonl");
        await File.WriteAllLinesAsync(good, DatabaseOutageTests.Posts(100_000, 30, DateTimeOffset.UtcNow.Date.AddDays(-1)));
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""
            { "feeds": [
              { "name": "garbage-forum", "type": "rss", "location": "{{garbage.Url("feed")}}" },
              { "name": "broken-forum", "type": "rss", "location": "{{broken.Url("feed")}}" },
              { "name": "busy-instance", "type": "mastodon", "location": "{{busy.Url("api/v1/timelines/tag/levothyrox")}}" },
              { "name": "hanging-forum", "type": "atom", "location": "{{hanging.Url("feed")}}" },
              { "name": "good-drop", "type": "jsonl", "location": "{{good}}" }
            ] }
            """);
        worker.Environment["Signals__Health__FeedErrorLimit"] = "1";
        worker.Environment["Signals__Feeds__Retries"] = "1";
        worker.Environment["Signals__Feeds__RetryDelay"] = "00:00:00.1";
        worker.Environment["Signals__Feeds__AttemptTimeout"] = "00:00:01";
        worker.Environment["Signals__Feeds__RequestTimeout"] = "00:00:03";
        var before = Count(worker);

        using var running = RunningWorker.Start(worker, feeds);
        await running.WaitUntilAsync(() => Task.FromResult(Count(worker) == before + 30), TimeSpan.FromSeconds(60), "the good feed's 30 posts");
        await running.WaitUntilAsync(async () => await running.ReadyAsync() is { } r && r.Checks["feeds"].Detail.Contains("hanging-forum"),
            TimeSpan.FromSeconds(60), "every broken feed reported");
        var ready = (await running.ReadyAsync())!.Value;
        release.Cancel();

        Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var feedsDetail = ready.Checks["feeds"].Detail;
        Assert.That(feedsDetail, Does.Contain("garbage-forum").And.Contain(garbage.Url("feed")));
        Assert.That(feedsDetail, Does.Contain("broken-forum").And.Contain("500"));
        Assert.That(feedsDetail, Does.Contain("busy-instance").And.Contain("429"));
        Assert.That(feedsDetail, Does.Contain("hanging-forum").And.Contain("timed out"));
        Assert.That(feedsDetail, Does.Not.Contain("good-drop"));
        Assert.That(ready.Checks["outbox"].Healthy, Is.False);
        Assert.That(ready.Checks["outbox"].Detail, Does.Contain($"127.0.0.1:{smtpPort}"));
        Assert.That((ready.Checks["database"].Healthy, ready.Checks["model"].Healthy), Is.EqualTo((true, true)));
        Assert.That(running.HasExited, Is.False);
        Assert.That(await running.TerminateAsync(), Is.EqualTo(0));
    }

    private static long Count(WorkerProcess worker)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={worker.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM posts";
        return Convert.ToInt64(cmd.ExecuteScalar());
    }
}
