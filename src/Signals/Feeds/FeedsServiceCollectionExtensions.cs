using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Signals.Ingestion;

namespace Signals.Feeds;

public static class FeedsServiceCollectionExtensions
{
    /// <summary>Feed readers, the refresher and the polling scheduler (hosted), with HTTP through the standard resilience pipeline.</summary>
    public static IHostApplicationBuilder AddSignalsFeeds(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<FeedsOptions>(FeedsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSignalsFeedHttp();

        services.AddSingleton<IFeedReader, JsonLinesReader>();
        services.AddSingleton<IFeedReader, RssAtomReader>();
        services.AddSingleton<IFeedReader, MastodonReader>();
        services.AddSingleton<IFeedReader, RedditReader>();
        services.AddSingleton<IFeedReader, BlueskyReader>();
        services.AddSingleton<IFeedReader, JetstreamReader>();
        services.AddSingleton<PostIngestor>();
        services.AddSingleton<FeedRefresher>();
        services.AddSingleton(sp =>
        {
            var file = SignalsPaths.Resolve("config", sp.GetRequiredService<IOptions<FeedsOptions>>().Value.FeedsFile);
            return FeedCatalog.Load(file, sp.GetRequiredService<FeedRefresher>().KnownTypes);
        });
        services.AddHostedService<FeedPollingService>();
        return builder;
    }
}
