using Microsoft.ML.OnnxRuntime;

namespace Signals.Classification.Transformer;

/// <summary>
/// OnnxRuntime's optimized form of a shipped MiniLM graph, saved once per machine so that later starts skip the optimizer
/// (fusing 36 quantized MatMuls, attention and LayerNorms takes most of a session's build) and read the graph from a file
/// instead of a managed copy: what makes <c>classify</c> of one text start quickly. Keyed by the zip entry's CRC-32 and size,
/// the OnnxRuntime version and the CPU's instruction sets, under the user's cache folder (<c>$XDG_CACHE_HOME/signals</c>, else <c>~/.cache/signals</c>).
/// A folder that cannot be written (a read-only container) only costs the optimizer at each start.
/// </summary>
public static class OptimizedGraphCache
{
    /// <summary>Set to 0 to never read or write the cache (SIGNALS_ONNX_CACHE=0).</summary>
    public const string Switch = "SIGNALS_ONNX_CACHE";

    public static string? Folder()
    {
        if (Environment.GetEnvironmentVariable(Switch) == "0") return null;
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache") : null;
        return root is null ? null : Path.Combine(root, "signals");
    }

    /// <summary>The cached optimized graph for this key, or null (none yet, or no cache).</summary>
    public static string? Find(string key) => Folder() is { } folder && File.Exists(PathFor(folder, key)) ? PathFor(folder, key) : null;

    /// <summary>Where a session built now saves its optimized graph (<see cref="Slot.Temporary"/>) and where <see cref="Keep"/> moves it, or null.</summary>
    public static Slot? Reserve(string key)
    {
        if (Folder() is not { } folder) return null;
        try
        {
            Directory.CreateDirectory(folder);
            var final = PathFor(folder, key);
            return new Slot(final + $".{Environment.ProcessId}.tmp", final);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A saved graph's temporary name (one per process, so two starting workers never write one file) and its final one.</summary>
    public sealed record Slot(string Temporary, string Final);

    /// <summary>Moves a saved graph in place (another process may have won the race: then the file is simply replaced).</summary>
    public static void Keep(Slot slot)
    {
        try { File.Move(slot.Temporary, slot.Final, overwrite: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { TryDelete(slot.Temporary); }
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }

    private static string PathFor(string folder, string key) =>
        Path.Combine(folder, $"minilm-{key}-ort{OrtEnv.Instance().GetVersionString()}-{Isa}.onnx");

    // The optimizer may choose kernels for the CPU it runs on: a cache moved to another machine (a data volume) is not reused there.
    private static string Isa =>
        (System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "avx512" : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "avx2" : "base")
        + (System.Runtime.Intrinsics.X86.AvxVnni.IsSupported ? "vnni" : "")
        + (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "neon" : "");
}
