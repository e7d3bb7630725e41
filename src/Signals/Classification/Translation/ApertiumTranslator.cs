using System.Diagnostics;
using System.Text;

namespace Signals.Classification.Translation;

/// <summary>
/// French to English with Apertium, through Catalan (<c>apertium -u fra-cat | apertium -u cat-eng</c>: Debian has no direct
/// fra-eng pair, and the Spanish pivot read worse). One process pipeline per batch, never per post: it costs 1–3 s to start
/// and ~436 MB while it runs, outside the worker's own memory, and nothing stays resident between batches.
/// <para>
/// Posts travel in one text, separated by a blank line, a form feed and a blank line (<see cref="Separator"/>). Apertium's
/// null-flush mode (<c>-z</c>) cannot separate them here: its text deformatter drops the NUL bytes. Whitespace passes
/// through as format, and the blank lines make each post a sentence of its own, so transfer rules never move a word from
/// one post into the next (with a bare newline "la voiture rouge" + "rouge" came out as "the red red" + "car"). A batch
/// whose output does not split back into exactly as many texts fails as a whole: no post gets another post's words.
/// </para>
/// </summary>
public sealed class ApertiumTranslator(string apertium, TimeSpan timeout)
{
    public const string Separator = "\n\n\f\n\n";

    public string Apertium { get; } = apertium;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Raised with the pipeline's process id when a batch starts (the benchmark samples its memory).</summary>
    public event Action<int>? Started;

    /// <summary>The English of each French text, in order; throws <see cref="TranslationFailedException"/> when Apertium fails.</summary>
    public async Task<IReadOnlyList<string>> TranslateAsync(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        if (texts.Count == 0) return [];
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        // pipefail: a crash of the first half must not pass for an empty translation. (bash: apertium is a bash script itself.)
        foreach (var arg in (string[])["-c", "set -o pipefail; \"$0\" -u fra-cat | \"$0\" -u cat-eng", Apertium]) start.ArgumentList.Add(arg);
        start.Environment["LC_ALL"] = "C.UTF-8"; // apertium refuses to run without a UTF-8 locale
        using var process = new Process { StartInfo = start };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception ex) { throw new TranslationFailedException($"cannot start /bin/bash for {Apertium}: {ex.Message}", ex); }
        Started?.Invoke(process.Id);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(Timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timer.Token);
            var errors = process.StandardError.ReadToEndAsync(timer.Token);
            await process.StandardInput.WriteAsync(Encode(texts).AsMemory(), timer.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timer.Token);
            var (text, error) = (await output, await errors);
            if (process.ExitCode != 0)
                throw new TranslationFailedException($"{Apertium} exited with code {process.ExitCode}: {FirstLine(error)}");
            return Decode(text, texts.Count);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TranslationFailedException($"{Apertium} took longer than {Timeout.TotalSeconds:0.#} s for {texts.Count} posts; stopped");
        }
        catch (IOException ex) // the pipe closed under us: it died while reading
        {
            throw new TranslationFailedException($"{Apertium} stopped while reading the batch: {ex.Message}", ex);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The batch as Apertium reads it: each text on its own, its form feeds and other control characters made spaces.</summary>
    public static string Encode(IReadOnlyList<string> texts)
    {
        var all = new StringBuilder();
        for (var i = 0; i < texts.Count; i++)
        {
            if (i > 0) all.Append(Separator);
            foreach (var c in texts[i].Trim()) all.Append(c is '\n' || !char.IsControl(c) ? c : ' ');
        }
        return all.Append('\n').ToString();
    }

    /// <summary>Apertium's output split back into one text per input text; <paramref name="count"/> must come out, or it fails.</summary>
    public static IReadOnlyList<string> Decode(string output, int count)
    {
        var parts = output.Split('\f');
        if (parts.Length != count)
            throw new TranslationFailedException($"Apertium gave back {parts.Length} texts for {count}; the batch is scored untranslated");
        return parts.Select(p => p.Trim()).ToList();
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}

/// <summary>Apertium did not translate a batch (not installed, crashed, too slow, or its output did not split back one to one).</summary>
public sealed class TranslationFailedException(string message, Exception? inner = null) : Exception(message, inner);
