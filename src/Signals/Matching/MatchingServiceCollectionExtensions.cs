using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Signals.Matching;

public static class MatchingServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSignalsMatching(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<MatchingOptions>(MatchingOptions.Section);
        builder.Services.AddSingleton(sp => Catalog(sp.GetRequiredService<IOptions<MatchingOptions>>().Value));
        builder.Services.AddSingleton(sp => EventLexicon.Load(sp.GetRequiredService<IOptions<MatchingOptions>>().Value.EventsPath));
        builder.Services.AddSingleton<ProductMatcher>();
        builder.Services.AddSingleton<EventMatcher>();
        return builder;
    }

    /// <summary>The products of the configured <see cref="MatchingOptions.Watch"/> mode.</summary>
    public static ProductCatalog Catalog(MatchingOptions options)
    {
        var watchList = ProductCatalog.Load(options.ProductsPath);
        return options.WatchesCatalogue ? ProductCatalog.WithWatchList(ProductCatalog.LoadCatalogue(options.CataloguePath), watchList) : watchList;
    }
}
