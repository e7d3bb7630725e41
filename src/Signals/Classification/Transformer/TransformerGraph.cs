using System.IO.Compression;
using System.Security.Cryptography;

namespace Signals.Classification.Transformer;

/// <summary>
/// Where a model's int8 MiniLM graph (23.5 MB) comes from, read only when needed: the bytes a training run holds, or the
/// entry of the model zip it was loaded from. A loaded model keeps no copy — the worker and <c>classify</c> never need the
/// bytes once the session is built (from the optimized copy of <see cref="OptimizedGraphCache"/> when there is one) — and a
/// model derived from it (verdicts, translation weight) reads them again only to be saved.
/// </summary>
public sealed class TransformerGraph
{
    private readonly byte[]? _bytes;
    private readonly string? _zip;
    private readonly string? _zipHash;

    private TransformerGraph(byte[]? bytes, string? zip, string? zipHash) => (_bytes, _zip, _zipHash) = (bytes, zip, zipHash);

    /// <summary>Graph bytes in hand (training, tests).</summary>
    public static TransformerGraph Of(byte[] bytes) => new(bytes, null, null);

    /// <summary>The entry of <paramref name="zip"/>, whose SHA-256 when loaded was <paramref name="zipHash"/>.</summary>
    public static TransformerGraph InZip(string zip, string zipHash) => new(null, zip, zipHash);

    public static implicit operator TransformerGraph?(byte[]? bytes) => bytes is null ? null : Of(bytes);

    /// <summary>The graph's bytes; from a zip, only while the file is still the one the model was loaded from.</summary>
    public byte[] Read()
    {
        if (_bytes is not null) return _bytes;
        using var file = File.OpenRead(_zip!);
        if (Convert.ToHexStringLower(SHA256.HashData(file)) != _zipHash)
            throw new InvalidDataException($"{_zip} changed since the model was loaded from it: its transformer cannot be read again to save a derived model; load the model again");
        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        return ReadEntry(zip.GetEntry(AdverseEventModel.TransformerEntry) ?? throw new InvalidDataException($"{_zip} has no {AdverseEventModel.TransformerEntry}"));
    }

    /// <summary>Exactly the entry's size: a MemoryStream grown by doubling would leave ~2x the graph as garbage.</summary>
    public static byte[] ReadEntry(ZipArchiveEntry found)
    {
        var bytes = new byte[found.Length];
        using var entry = found.Open();
        entry.ReadExactly(bytes);
        return bytes;
    }
}
