using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Signals.Classification.Linear;
using Signals.Classification.Transformer;

namespace Signals.Classification;

/// <summary>The model zip: the n-gram weights, the card, the int8 MiniLM and its head correction, each an entry of its own.</summary>
public sealed partial class AdverseEventModel
{
    public static AdverseEventModel Load(string path, AdverseEventFeaturizer featurizer)
    {
        try
        {
            using var file = File.OpenRead(path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(file));
            file.Position = 0;
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            var weights = ReadEntry(zip, LinearEntry) ?? throw new InvalidDataException(
                $"it has no {LinearEntry}: a model written by Signals before December 2026 (an ML.NET pipeline); retrain it with `signals train`");
            var linear = LinearModel.Read(new MemoryStream(weights, writable: false), $"{path}!{LinearEntry}");
            var card = (ReadEntry(zip, CardEntry) is { } c ? ModelCard.Read(new MemoryStream(c, writable: false)) : null) ?? ReadCardBeside(path);
            var version = $"{Path.GetFileNameWithoutExtension(path)}@{sha[..12]}" + (card is null ? "" : $" ({card.Trained:yyyy-MM-ddTHH:mm}Z)");
            var graph = card?.Transformer is null ? null : zip.GetEntry(TransformerEntry)
                ?? throw new InvalidDataException($"its card names a fine-tuned transformer but the zip has no {TransformerEntry} " +
                                                  "(a transformer from before the int8 model: rerun scripts/fine-tune.sh)");
            // The session from this machine's optimized copy when there is one: the graph's bytes are not kept (read again to save).
            var miniLm = graph is null ? null : MiniLmScorer.Open(graph, $"{path}!{TransformerEntry}");
            var head = graph is null ? null : ReadEntry(zip, HeadCorrection.Entry) is { } h
                ? HeadCorrection.Read(new MemoryStream(h, writable: false), $"{path}!{HeadCorrection.Entry}") : null;
            return new AdverseEventModel(linear, featurizer, card, version, miniLm, graph is null ? null : TransformerGraph.InZip(path, sha), head);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException
                                       or InvalidDataException or JsonException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Cannot load the classifier model {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the model zip with its card inside and beside it (<c>name.card.json</c>).</summary>
    public void Save(string path) => Save(_linear, Card ?? throw new InvalidOperationException("a model is saved with its card"), path, Graph?.Read(), Head);

    private static void Save(LinearModel linear, ModelCard card, string path, byte[]? tuned, HeadCorrection? head)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry(LinearEntry, CompressionLevel.SmallestSize).Open())
                linear.Write(entry);
            using (var entry = zip.CreateEntry(CardEntry).Open())
                card.Write(entry);
            if (tuned is not null)
                using (var entry = zip.CreateEntry(TransformerEntry, CompressionLevel.SmallestSize).Open())
                    entry.Write(tuned);
            if (tuned is not null && head is not null)
                using (var entry = zip.CreateEntry(HeadCorrection.Entry).Open())
                    head.Write(entry);
        }
        File.Move(temporary, path, overwrite: true); // a watching worker never sees half a zip
        card.Save(ModelCard.PathFor(path));
    }

    private static byte[]? ReadEntry(ZipArchive zip, string name) => zip.GetEntry(name) is { } found ? TransformerGraph.ReadEntry(found) : null;

    private static ModelCard? ReadCardBeside(string path)
    {
        var card = ModelCard.PathFor(path);
        if (!File.Exists(card)) return null;
        using var stream = File.OpenRead(card);
        return ModelCard.Read(stream);
    }
}
