using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Signals.Alerts;
using Signals.Storage;
using Signals.Tests.Feeds;

namespace Signals.Tests.Alerts;

/// <summary>Two dispatchers — two replicas — on one real PostgreSQL and one real SMTP server.</summary>
public sealed class ConcurrentDispatchTests
{
    [Test]
    public async Task Two_dispatchers_on_one_postgresql_deliver_each_alert_exactly_once()
    {
        var database = await TestEnvironment.CreateDatabaseAsync("dispatch");
        var dir = TestPaths.TempDirectory();
        var port = LoopbackHttpServer.FreePort();
        using var sink = await SmtpSink.StartAsync(port, Path.Combine(dir, "maildir"));
        var options = Options.Create(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = port, Timeout = TimeSpan.FromSeconds(10), RetryDelay = TimeSpan.FromMilliseconds(50) });
        var sources = new List<NpgsqlDataSource>();
        try
        {
            PostgresSignalStore Replica()
            {
                var source = NpgsqlDataSource.Create(database);
                sources.Add(source);
                return new PostgresSignalStore(source, new StorageOptions { Provider = "postgres", ConnectionString = database, PseudonymKey = "concurrent-dispatch-test-key" }, TimeProvider.System);
            }
            var first = Replica();
            await first.MigrateAsync(CancellationToken.None);
            const int alerts = 120;
            for (var i = 0; i < alerts; i++)
                await first.AddAlertAsync(new Alert(0, $"p{i}|*|2017-07-16", $"product{i}", null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 16),
                    5, 0.5, 3, AlertStatus.Pending, 0, null, DateTimeOffset.UtcNow, null), CancellationToken.None);

            AlertDispatcher Dispatcher(ISignalStore store) => new(store, new AlertEmailComposer(options), SurgeReplay.ReporterFor(store), new SmtpMailTransport(options),
                options, TimeProvider.System, NullLogger<AlertDispatcher>.Instance, new LeaseOwner($"replica-{Guid.NewGuid():N}"));
            var dispatchers = new[] { Dispatcher(first), Dispatcher(Replica()) };

            // Both loop until the outbox is empty, at the same time.
            var sent = await Task.WhenAll(dispatchers.Select(d => Task.Run(async () =>
            {
                var total = 0;
                for (var round = 0; round < 20; round++) total += await d.DispatchPendingAsync(CancellationToken.None, asOf: new DateOnly(2017, 7, 16)); // episodes still open: no closing e-mails
                return total;
            })));

            var messages = sink.Messages();
            Assert.That(messages, Has.Count.EqualTo(alerts), $"sent by each: {string.Join(", ", sent)}");
            Assert.That(messages.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(alerts), "no alert twice");
            Assert.That(sent.Sum(), Is.EqualTo(alerts));
            Assert.That(sent, Has.All.GreaterThan(0), "both dispatchers worked");
        }
        finally
        {
            foreach (var source in sources) await source.DisposeAsync();
            await TestEnvironment.DropDatabaseAsync(database);
            Directory.Delete(dir, recursive: true);
        }
    }
}
