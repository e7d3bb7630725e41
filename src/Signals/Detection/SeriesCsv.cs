using System.Globalization;

namespace Signals.Detection;

/// <summary>A daily count series as <c>signals detect</c> reads it.</summary>
public sealed record DailySeries(string Id, int[] T, DateOnly[] Dates, int[] Counts)
{
    /// <summary>Monday = 0 … Sunday = 6, the detector's weekday index.</summary>
    public int DayOfWeek(int index) => ((int)Dates[index].DayOfWeek + 6) % 7;
}

/// <summary>
/// Reads <c>series_id,t,date,count</c> (any order, quoted or not, extra columns ignored — so a
/// detector cannot peek at truth columns it is not given). Rows of a series must be in date order.
/// </summary>
public static class SeriesCsv
{
    public static IReadOnlyList<DailySeries> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = Split(reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file"));
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no column '{name}' (need series_id, t, date, count)");
        int id = Column("series_id"), t = Column("t"), date = Column("date"), count = Column("count");

        var series = new List<DailySeries>();
        var rows = new List<(int T, DateOnly Date, int Count)>();
        string? current = null;
        var line = 1;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0) continue;
            var f = Split(text);
            if (f.Length <= Math.Max(Math.Max(id, t), Math.Max(date, count))) throw new InvalidDataException($"{path} line {line}: too few columns");
            if (f[id] != current)
            {
                Flush();
                current = f[id];
            }
            if (!int.TryParse(f[t], CultureInfo.InvariantCulture, out var tv) || !DateOnly.TryParse(f[date], CultureInfo.InvariantCulture, out var dv)
                || !int.TryParse(f[count], CultureInfo.InvariantCulture, out var cv) || cv < 0)
                throw new InvalidDataException($"{path} line {line}: t, date and count must be an integer, a yyyy-MM-dd date and a non-negative integer");
            if (rows.Count > 0 && dv != rows[^1].Date.AddDays(1)) throw new InvalidDataException($"{path} line {line}: series '{current}' skips or repeats days ({rows[^1].Date} then {dv})");
            rows.Add((tv, dv, cv));
        }
        Flush();
        return series;

        void Flush()
        {
            if (current is null || rows.Count == 0) return;
            series.Add(new DailySeries(current, rows.Select(r => r.T).ToArray(), rows.Select(r => r.Date).ToArray(), rows.Select(r => r.Count).ToArray()));
            rows.Clear();
        }
    }

    private static string[] Split(string line) => line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
}
