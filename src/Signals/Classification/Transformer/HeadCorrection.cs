using System.Text.Json;

namespace Signals.Classification.Transformer;

/// <summary>
/// What analysts' verdicts taught MiniLM's classification head (Learning.HeadUpdate fits it): the corrected logit of a post
/// is logit(p) + <see cref="Weights"/>·e + <see cref="Bias"/>, where p is the shipped graph's probability and e the pooled
/// embedding its head read (<see cref="MiniLmScorer.EmbeddingOutput"/>). A correction beside the graph, not new head weights
/// inside it: the int8 graph stays the file the fine-tune wrote (its hash, its parity test), and a correction of zero is the
/// shipped model exactly. Stored in the model zip as the plain JSON of this record (<see cref="Entry"/>).
/// </summary>
/// <param name="Weights">Δw, one per embedding dimension (<see cref="Dimensions"/>).</param>
/// <param name="Bias">Δb, in log-odds.</param>
/// <param name="Verdicts">How many verdicts (English posts MiniLM scores) it was fitted on.</param>
/// <param name="Anchors">How many unjudged posts held their starting probability while it was fitted.</param>
/// <param name="Pull">The precision of the Gaussian prior that pulled Δ toward zero.</param>
public sealed record HeadCorrection(float[] Weights, double Bias, int Verdicts, int Anchors, double Pull)
{
    /// <summary>The zip entry holding the correction, when the model has one.</summary>
    public const string Entry = "Signals/minilm-head.json";

    /// <summary>all-MiniLM-L6-v2's hidden size: the length of the pooled embedding.</summary>
    public const int Dimensions = 384;

    /// <summary>The corrected probability of a post MiniLM scored <paramref name="probability"/> with embedding <paramref name="embedding"/>.</summary>
    public float Apply(float probability, ReadOnlySpan<float> embedding)
    {
        var p = Math.Clamp(probability, 1e-6, 1 - 1e-6);
        var z = Math.Log(p / (1 - p)) + Bias;
        for (var i = 0; i < Weights.Length; i++) z += Weights[i] * embedding[i];
        return (float)(1 / (1 + Math.Exp(-z)));
    }

    /// <summary>The corrected probabilities of a batch MiniLM scored with its embeddings.</summary>
    public float[] Apply(MiniLmOutputs outputs) =>
        outputs.Embeddings is { } e
            ? outputs.Probabilities.Select((p, i) => Apply(p, e[i])).ToArray()
            : throw new InvalidOperationException("a head correction needs the graph's embedding output");

    /// <summary>This correction followed by <paramref name="next"/> (fitted on top of it): both are additive in log-odds.</summary>
    public HeadCorrection Then(HeadCorrection next) =>
        new(Weights.Zip(next.Weights, (a, b) => a + b).ToArray(), Bias + next.Bias, Verdicts + next.Verdicts, next.Anchors, next.Pull);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Write(Stream stream) => JsonSerializer.Serialize(stream, this, Json);

    public static HeadCorrection Read(Stream stream, string source)
    {
        var head = JsonSerializer.Deserialize<HeadCorrection>(stream, Json) ?? throw new InvalidDataException($"{source} is empty");
        return head.Weights?.Length == Dimensions ? head
            : throw new InvalidDataException($"{source} has {head.Weights?.Length ?? 0} weights, not one per embedding dimension ({Dimensions})");
    }
}
