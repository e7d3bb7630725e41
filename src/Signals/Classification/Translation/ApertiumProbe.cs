using System.Diagnostics;

namespace Signals.Classification.Translation;

/// <summary>
/// Whether Apertium can translate French here: the program answers <c>apertium -l</c> and lists both pairs of the pivot
/// (Debian packages apertium, apertium-fra-cat, apertium-eng-cat). Asked once when the worker starts.
/// </summary>
public static class ApertiumProbe
{
    public static readonly string[] Pairs = ["fra-cat", "cat-eng"];

    /// <summary>Null when it can translate; else why not, in one line.</summary>
    public static string? WhyUnavailable(string apertium)
    {
        var start = new ProcessStartInfo(apertium, "-l") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LC_ALL"] = "C.UTF-8";
        try
        {
            using var process = Process.Start(start)!;
            var listed = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
                return $"'{apertium} -l' did not answer within 15 s";
            }
            var pairs = listed.Result.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var missing = Pairs.Where(p => !pairs.Contains(p)).ToList();
            return missing.Count == 0 ? null
                : $"'{apertium} -l' lists no {string.Join(" or ", missing)} (install the Debian packages apertium-fra-cat and apertium-eng-cat)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"no program '{apertium}' (install the Debian packages apertium, apertium-fra-cat and apertium-eng-cat)";
        }
    }
}
