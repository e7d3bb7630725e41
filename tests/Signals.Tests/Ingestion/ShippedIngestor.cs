using Microsoft.Extensions.Options;
using Signals.Classification;
using Signals.Ingestion;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Tests.Ingestion;

/// <summary>A <see cref="PostIngestor"/> with the shipped lexicons (config/) and model (models/), writing to the given store.</summary>
internal static class ShippedIngestor
{
    public static PostIngestor For(ISignalStore store, AdverseEventClassifier? classifier = null)
    {
        var config = Path.Combine(TestPaths.RepoRoot, "config");
        return new PostIngestor(
            new ProductMatcher(ProductCatalog.Load(Path.Combine(config, "products.json"))),
            new EventMatcher(EventLexicon.Load(Path.Combine(config, "events.json"))),
            classifier ?? new AdverseEventClassifier(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip")),
            new PostCategorizer(Options.Create(new ClassificationOptions())), store);
    }
}
