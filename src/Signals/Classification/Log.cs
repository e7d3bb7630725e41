using Microsoft.Extensions.Logging;

namespace Signals.Classification;

internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Information, "Classifier model {ModelVersion} loaded from {ModelPath} (threshold {Threshold})")]
    public static partial void ModelLoaded(this ILogger logger, string modelVersion, string modelPath, double threshold);

    [LoggerMessage(7001, LogLevel.Error, "Classifier model file {ModelPath} changed but cannot be loaded; {ModelVersion} stays in use: {Error}")]
    public static partial void ModelReloadFailed(this ILogger logger, string modelPath, string modelVersion, string error);

    [LoggerMessage(7002, LogLevel.Error, "Watching the classifier model file failed; it is checked again at the next interval")]
    public static partial void ModelWatchFailed(this ILogger logger, Exception exception);
}
