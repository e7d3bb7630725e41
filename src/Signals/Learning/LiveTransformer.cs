using System.IO.Compression;
using Signals.Classification;

namespace Signals.Learning;

/// <summary>
/// <c>train --verdicts</c> without <c>--transformer</c>: the candidate keeps the live model's fine-tuned MiniLM (and its verdicts
/// reach that MiniLM's head). Without it an analyst's retraining would write an n-gram-only candidate, a tenth of the English
/// score, which the promotion rule would rightly refuse every time.
/// </summary>
public static class LiveTransformer
{
    /// <summary>The live model's int8 graph written to a temporary file (the caller deletes it), or null when it has none.</summary>
    public static string? Extract(string liveModel)
    {
        if (!File.Exists(liveModel)) return null;
        using var zip = ZipFile.OpenRead(liveModel);
        if (zip.GetEntry(AdverseEventModel.TransformerEntry) is not { } entry) return null;
        var file = Path.Combine(Path.GetTempPath(), $"signals-live-minilm-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        entry.ExtractToFile(file, overwrite: true);
        return file;
    }
}
