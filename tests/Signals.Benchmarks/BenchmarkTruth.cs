using System.Globalization;

namespace Signals.Benchmarks;

/// <summary>What the benchmark knows and the detector does not: which days are outbreak days, and each outbreak's span.</summary>
internal sealed record BenchmarkTruth(
    IReadOnlyDictionary<string, bool[]> OutbreakDays,
    IReadOnlyList<(string Series, string Scenario, string Shape, int Start, int End)> EvalOutbreaks)
{
    /// <summary>Per series and day: the outbreak's own cases and the true mean (scoring and analysis only).</summary>
    public IReadOnlyDictionary<string, (int[] Cases, double[] Mu)> Injected { get; init; } = new Dictionary<string, (int[], double[])>();

    public static BenchmarkTruth Load(string dir)
    {
        var days = new Dictionary<string, List<bool>>();
        var injected = new Dictionary<string, (List<int> Cases, List<double> Mu)>();
        foreach (var f in Rows(Path.Combine(dir, "series.csv"), out var h))
        {
            var id = f[h["series_id"]];
            if (!days.TryGetValue(id, out var list)) (days[id], injected[id]) = (list = [], ([], []));
            list.Add(f[h["is_outbreak"]] == "1");
            injected[id].Cases.Add(int.Parse(f[h["outbreak_count"]], CultureInfo.InvariantCulture));
            injected[id].Mu.Add(double.Parse(f[h["mu"]], CultureInfo.InvariantCulture));
        }
        var outbreaks = Rows(Path.Combine(dir, "outbreaks.csv"), out var o)
            .Where(f => f[o["period"]] == "eval")
            .Select(f => (f[o["series_id"]], f[o["scenario"]], f[o["shape"]], int.Parse(f[o["start_t"]], CultureInfo.InvariantCulture) - 1, int.Parse(f[o["end_t"]], CultureInfo.InvariantCulture) - 1))
            .ToList();
        return new BenchmarkTruth(days.ToDictionary(d => d.Key, d => d.Value.ToArray()), outbreaks)
        {
            Injected = injected.ToDictionary(p => p.Key, p => (p.Value.Cases.ToArray(), p.Value.Mu.ToArray())),
        };
    }

    public static IEnumerable<string[]> Rows(string path, out Dictionary<string, int> header)
    {
        var lines = File.ReadLines(path).GetEnumerator();
        lines.MoveNext();
        header = Split(lines.Current).Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        return Rest(lines);

        static IEnumerable<string[]> Rest(IEnumerator<string> lines)
        {
            while (lines.MoveNext()) if (lines.Current.Length > 0) yield return Split(lines.Current);
        }
    }

    private static string[] Split(string line) => line.Split(',').Select(f => f.Trim('"')).ToArray();
}
