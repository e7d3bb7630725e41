using Microsoft.Extensions.Logging;

namespace Signals.Classification.Translation;

internal static partial class Log
{
    [LoggerMessage(7050, LogLevel.Warning, "French translation off: {Reason}; French posts are scored untranslated, as by the French n-gram model alone")]
    public static partial void TranslationUnavailable(this ILogger logger, string reason);

    [LoggerMessage(7051, LogLevel.Information, "French translation on: {Engine}, in at most {Share:P0} of the worker's time (Signals:Classification:TranslationShare)")]
    public static partial void TranslationAvailable(this ILogger logger, string engine, double share);

    [LoggerMessage(7055, LogLevel.Information, "French translation on: {Engine}, for every French text (no time budget outside the worker)")]
    public static partial void TranslationEverything(this ILogger logger, string engine);

    [LoggerMessage(7052, LogLevel.Warning, "Translating {Count} French posts failed, so they are scored untranslated (logged once until a batch translates again): {Error}")]
    public static partial void TranslationFailed(this ILogger logger, int count, string error);

    [LoggerMessage(7053, LogLevel.Information, "French translation works again after {Failed} failed batches")]
    public static partial void TranslationRecovered(this ILogger logger, int failed);

    [LoggerMessage(7054, LogLevel.Information, "Classifier model {ModelVersion} has no translation weight (train it again to have one); French posts are scored untranslated")]
    public static partial void ModelWithoutTranslation(this ILogger logger, string modelVersion);
}
