using System.ComponentModel.DataAnnotations;

namespace Signals.Ingestion;

/// <summary>Section <c>Signals:Ingestion</c>: how the streaming pipeline (replay, benchmarks) cuts and queues its work.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Signals:Ingestion";

    /// <summary>Posts parsed per batch handed to the matchers. Default 2,000: large enough that queue hand-offs cost nothing per post, small enough to stay in cache.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Signals:Ingestion:ParseBatch must be between 1 and 1,000,000.")]
    public int ParseBatch { get; set; } = 2_000;

    /// <summary>
    /// Matched posts classified and written together at most. Default 2,000: one model call and one COPY per batch;
    /// when the stream is slow a smaller batch goes as soon as nothing else waits, so latency stays low.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Signals:Ingestion:StoreBatch must be between 1 and 100,000.")]
    public int StoreBatch { get; set; } = 2_000;

    /// <summary>
    /// Batches waiting between two stages at most. Default 4. The queues are bounded so a fast reader waits for slow
    /// storage instead of filling memory: what is in flight is at most about (2 × QueueBatches + workers) × ParseBatch posts.
    /// </summary>
    [Range(1, 1_000, ErrorMessage = "Signals:Ingestion:QueueBatches must be between 1 and 1,000.")]
    public int QueueBatches { get; set; } = 4;

    /// <summary>Threads running the lexicon pre-filter. Default 0: one per core (the reader and the writer mostly wait on I/O and on them).</summary>
    [Range(0, 256, ErrorMessage = "Signals:Ingestion:MatchWorkers must be between 0 and 256.")]
    public int MatchWorkers { get; set; }

    public const int DefaultMaxLineBytes = 16 << 20;

    /// <summary>
    /// Longest JSON Lines line read, in bytes (replay files and drop folders). Default 16 MiB: a post's text is cut at 40,000
    /// characters anyway, so a longer line is hostile or broken; it is skipped and named (file and line) without being held
    /// in memory, and the lines after it are read.
    /// </summary>
    [Range(1024, 1 << 30, ErrorMessage = "Signals:Ingestion:MaxLineBytes must be between 1 KB and 1 GB.")]
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    public int EffectiveMatchWorkers => MatchWorkers > 0 ? MatchWorkers : Environment.ProcessorCount;
}
