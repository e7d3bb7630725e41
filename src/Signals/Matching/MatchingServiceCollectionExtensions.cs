using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Signals.Matching;

public static class MatchingServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSignalsMatching(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<MatchingOptions>(MatchingOptions.Section);
        builder.Services.AddSingleton(sp => ProductCatalog.Load(sp.GetRequiredService<IOptions<MatchingOptions>>().Value.ProductsPath));
        builder.Services.AddSingleton(sp => EventLexicon.Load(sp.GetRequiredService<IOptions<MatchingOptions>>().Value.EventsPath));
        builder.Services.AddSingleton<ProductMatcher>();
        builder.Services.AddSingleton<EventMatcher>();
        return builder;
    }
}
