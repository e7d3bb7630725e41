using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Signals.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>The ingestor (matching → classification → store), the streaming pipeline over it, and the replayer.</summary>
    public static IHostApplicationBuilder AddSignalsIngestion(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<IngestionOptions>(IngestionOptions.Section);
        builder.Services.TryAddSingleton<PostIngestor>();
        builder.Services.AddSingleton<IngestionPipeline>();
        builder.Services.AddSingleton<Replayer>();
        return builder;
    }
}
