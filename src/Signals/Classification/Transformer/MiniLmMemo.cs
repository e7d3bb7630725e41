using System.Collections.Concurrent;

namespace Signals.Classification.Transformer;

/// <summary>
/// MiniLM's outputs for each distinct text, computed once (<see cref="AdverseEventModel.Remembering"/>): learning-curve
/// scores the same 4,000 pool posts and 2,000 test posts after every batch of verdicts, and at ~500 posts/s the network is
/// what took the time, while a verdict changes only the n-gram weights and the head correction, never the network's outputs.
/// </summary>
public sealed class MiniLmMemo(MiniLmScorer scorer)
{
    private readonly ConcurrentDictionary<string, (float Probability, float[]? Embedding)> _outputs = new(StringComparer.Ordinal);

    /// <summary>The graph's outputs for each text, in order; the embeddings are null when the graph has none.</summary>
    public MiniLmOutputs Outputs(IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !_outputs.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var computed = scorer.HasEmbedding ? scorer.ScoreWithEmbeddings(missing) : new MiniLmOutputs(scorer.Score(missing), null);
            for (var i = 0; i < missing.Count; i++) _outputs[missing[i]] = (computed.Probabilities[i], computed.Embeddings?[i]);
        }
        return new MiniLmOutputs(texts.Select(t => _outputs[t].Probability).ToArray(),
            scorer.HasEmbedding ? texts.Select(t => _outputs[t].Embedding!).ToArray() : null);
    }
}
