using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Signals.Classification.Transformer;

/// <summary>
/// P(adverse-event report) from the fine-tuned MiniLM: the package's ONNX graph run by OnnxRuntime with the tuned layers'
/// tensors put in place of the base ones (<c>SessionOptions.AddInitializer</c>), then the mean of the last layer over the
/// real tokens and the logistic head. <c>InferenceSession.Run</c> is thread-safe, so one scorer serves every batch.
/// </summary>
public sealed class MiniLmScorer : IDisposable
{
    private const int BatchSize = 32;
    private readonly InferenceSession _session;
    private readonly List<OrtValue> _overrides = []; // must outlive the session (OnnxRuntime keeps pointers to them)
    private readonly RunOptions _runOptions = new(); // one for the scorer's life: a temporary could be finalized while Run still uses it

    private readonly float[] _head;
    private readonly float _bias;

    public MiniLmScorer(TunedLayers tuned, int threads = 0)
    {
        if (!string.Equals(tuned.Info.BaseSha256, MiniLmBase.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The fine-tuned layers were tuned from MiniLM {tuned.Info.BaseSha256[..12]}, but the package holds {MiniLmBase.Sha256[..12]}");
        MaxTokens = tuned.Info.MaxTokens;
        _head = tuned.Tensors[TunedLayers.HeadWeight].Values;
        _bias = tuned.Tensors[TunedLayers.HeadBias].Values[0];
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads };
        foreach (var (name, (shape, values)) in tuned.Tensors)
        {
            if (name is TunedLayers.HeadWeight or TunedLayers.HeadBias) continue;
            var value = OrtValue.CreateTensorValueFromMemory(values, shape.Select(d => (long)d).ToArray());
            _overrides.Add(value);
            options.AddInitializer(name, value);
        }
        _session = new InferenceSession(MiniLmBase.Model, options);
    }

    public int MaxTokens { get; }

    /// <summary>P(report) for each text, in order. Texts are batched by length so little of a batch is padding.</summary>
    public float[] Score(IReadOnlyList<string> texts)
    {
        var ids = texts.Select(t => MiniLmBase.Tokenize(t, MaxTokens)).ToArray();
        return ScoreTokens(ids);
    }

    /// <summary>As <see cref="Score"/>, on token ids from <see cref="MiniLmBase.Tokenize"/>.</summary>
    public float[] ScoreTokens(IReadOnlyList<int[]> ids)
    {
        var result = new float[ids.Count];
        var order = Enumerable.Range(0, ids.Count).OrderBy(i => ids[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var scores = Run(batch.Select(i => ids[i]).ToArray());
            for (var j = 0; j < batch.Length; j++) result[batch[j]] = scores[j];
        }
        return result;
    }

    private float[] Run(int[][] batch)
    {
        int rows = batch.Length, width = batch.Max(b => b.Length);
        var inputIds = new long[rows * width];
        var mask = new long[rows * width];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < batch[r].Length; c++)
            {
                inputIds[r * width + c] = batch[r][c];
                mask[r * width + c] = 1;
            }
        long[] shape = [rows, width];
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var attention = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[rows * width], shape);
        using var outputs = _session.Run(_runOptions, new Dictionary<string, OrtValue>
        {
            ["input_ids"] = ids, ["attention_mask"] = attention, ["token_type_ids"] = types,
        }, ["last_hidden_state"]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var scores = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            // Mean over the real tokens (sentence-transformers' pooling), then the head: w·mean + b.
            double dot = 0;
            var length = batch[r].Length;
            for (var c = 0; c < length; c++)
            {
                var token = hidden.Slice((r * width + c) * MiniLmBase.Hidden, MiniLmBase.Hidden);
                for (var k = 0; k < MiniLmBase.Hidden; k++) dot += token[k] * _head[k];
            }
            scores[r] = (float)(1 / (1 + Math.Exp(-(dot / length + _bias))));
        }
        return scores;
    }

    public void Dispose()
    {
        _session.Dispose();
        foreach (var value in _overrides) value.Dispose();
        _runOptions.Dispose();
    }
}
