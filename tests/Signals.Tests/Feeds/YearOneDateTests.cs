using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Feeds;
using Signals.Tests.Ingestion;
using Signals.Tests.Storage;

namespace Signals.Tests.Feeds;

/// <summary>
/// "Mon, 01 Jan 0001 00:00:00 GMT" is a date the feed wrote — an absurd one — not a missing date: it is refused like 1900 or 2999,
/// never stored as if written at the moment it was fetched. A real RSS feed over loopback, the shipped pipeline, SQLite.
/// </summary>
public sealed class YearOneDateTests
{
    private static string Rss(string pubDate) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>t</title><link>https://example.org/</link><description>d</description>
        <item><guid>good</guid><title>Levothyrox</title><description>Depuis le Levothyrox je suis épuisée</description><pubDate>Sat, 15 Jul 2017 10:00:00 GMT</pubDate></item>
        <item><guid>year-one</guid><title>Levothyrox</title><description>Levothyrox et crampes</description><pubDate>{pubDate}</pubDate></item>
        </channel></rss>
        """;

    [TestCase("Mon, 01 Jan 0001 00:00:00 GMT")]
    [TestCase("0001-01-01T00:00:00Z")]
    [TestCase("Mon, 01 Jan 1900 00:00:00 GMT")]
    public async Task An_rss_item_dated_in_year_one_is_refused_with_a_message_and_the_others_are_stored(string pubDate)
    {
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "application/rss+xml";
            await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(Rss(pubDate)));
        });
        var (store, dir) = await TempSqliteStore.CreateAsync();
        try
        {
            using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
            var options = Options.Create(new FeedsOptions());
            var logs = new ListLogger<FeedRefresher>();
            var refresher = new FeedRefresher([new RssAtomReader(services.GetRequiredService<IHttpClientFactory>(), options, TimeProvider.System)],
                ShippedIngestor.For(store), store, options, TimeProvider.System, logs);

            await refresher.RefreshAsync(new FeedDefinition { Name = "rss", Type = "rss", Location = server.Url("feed.xml") }, CancellationToken.None);

            Assert.That(await store.CountPostsAsync(CancellationToken.None), Is.EqualTo(1), string.Join("\n", logs.Messages));
            Assert.That(logs.Messages, Has.One.Contains("post year-one: createdAt").And.Contains("is before 1990-01-01"));
        }
        finally { TempSqliteStore.Delete(dir); }
    }
}
