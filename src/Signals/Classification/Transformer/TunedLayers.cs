using System.Text;
using System.Text.Json;

namespace Signals.Classification.Transformer;

/// <summary>
/// What a fine-tune changed in <see cref="MiniLmBase"/>: the tensors of its top layers, under their names in the base
/// ONNX graph (they replace those initializers when the session is made), and the classification head over the mean of
/// the last layer. Written by scripts/fine-tune-minilm.py as float16: "SGNLMT01", a little-endian uint32 header length,
/// the JSON <see cref="Header"/>, then the tensors' bytes.
/// </summary>
public sealed record TunedLayers(TunedLayers.Header Info, IReadOnlyDictionary<string, (int[] Shape, float[] Values)> Tensors)
{
    public const string Magic = "SGNLMT01";
    public const string HeadWeight = "head.weight";
    public const string HeadBias = "head.bias";

    public sealed record Header(string BaseSha256, int[] LayersTuned, int MaxTokens, IReadOnlyList<TensorEntry> Tensors, IReadOnlyDictionary<string, string>? Training);

    public sealed record TensorEntry(string Name, int[] Shape, long Offset, string Dtype);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static TunedLayers Read(byte[] bytes, string source)
    {
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 8) != Magic)
            throw new InvalidDataException($"{source} is not a fine-tuned MiniLM file (no {Magic} header)");
        var length = BitConverter.ToInt32(bytes, 8);
        if (length <= 0 || 12 + length > bytes.Length) throw new InvalidDataException($"{source}: header length {length} past the end of the file");
        var header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(12, length), Json)
                     ?? throw new InvalidDataException($"{source}: empty header");
        var data = 12 + length;
        var tensors = new Dictionary<string, (int[], float[])>();
        foreach (var t in header.Tensors)
        {
            if (t.Dtype != "float16") throw new InvalidDataException($"{source}: tensor {t.Name} is {t.Dtype}, expected float16");
            var count = t.Shape.Aggregate(1, (a, b) => a * b);
            var start = data + t.Offset;
            if (t.Offset < 0 || start + 2L * count > bytes.Length) throw new InvalidDataException($"{source}: tensor {t.Name} runs past the end of the file");
            var values = new float[count];
            for (var i = 0; i < count; i++) values[i] = (float)BitConverter.ToHalf(bytes, (int)(start + 2L * i));
            tensors[t.Name] = (t.Shape, values);
        }
        if (!tensors.ContainsKey(HeadWeight) || !tensors.ContainsKey(HeadBias)) throw new InvalidDataException($"{source}: no classification head ({HeadWeight}, {HeadBias})");
        return new TunedLayers(header, tensors);
    }
}
