using ScottPlot;

namespace Signals.Alerts;

/// <summary>
/// The picture an analyst reads first: daily authors for the last 90 days as bars, the expected
/// count and the count that would alarm on its own as lines, the episode's days shaded.
/// </summary>
public static class AlertChart
{
    public const int Width = 720;
    public const int Height = 300;

    /// <param name="labels">The e-mail's words (labels.LANG.json); English when a key is missing.</param>
    public static byte[] Render(Alert alert, IReadOnlyList<ChartDay> days, IReadOnlyDictionary<string, string>? labels = null)
    {
        string L(string key, string english) => labels?.GetValueOrDefault(key) ?? english;
        var plot = new Plot();
        var x = days.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();

        var episodeStart = alert.FirstDay.ToDateTime(TimeOnly.MinValue).ToOADate() - 0.5;
        var episodeEnd = alert.LastDay.ToDateTime(TimeOnly.MinValue).ToOADate() + 0.5;
        var span = plot.Add.HorizontalSpan(episodeStart, episodeEnd);
        span.FillStyle.Color = Colors.Red.WithAlpha(0.12);
        span.LineStyle.Width = 0;
        span.LegendText = L("legend_episode", "alert episode");

        var bars = plot.Add.Bars(x, days.Select(d => (double)d.Observed).ToArray());
        bars.Color = Color.FromHex("#4a6fa5");
        foreach (var bar in bars.Bars) bar.Size = 0.8;
        bars.LegendText = L("legend_authors", "authors reporting adverse events");

        var known = days.Where(d => !double.IsNaN(d.Expected)).ToList();
        if (known.Count > 0)
        {
            var kx = known.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
            var expected = plot.Add.ScatterLine(kx, known.Select(d => d.Expected).ToArray());
            expected.Color = Colors.Black;
            expected.LineWidth = 2;
            expected.LegendText = L("legend_expected", "expected");
            var threshold = plot.Add.ScatterLine(kx, known.Select(d => d.Threshold).ToArray());
            threshold.Color = Colors.OrangeRed;
            threshold.LinePattern = LinePattern.Dashed;
            threshold.LegendText = L("legend_bound", "alarm bound for one day");
        }

        var ticks = plot.Axes.DateTimeTicksBottom();
        if (ticks.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic automatic)
            automatic.LabelFormatter = date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); // ISO, not US dates
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{alert.Product}{(alert.Event is null ? "" : " / " + alert.Event)}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, L("chart_title", "daily authors, last {0} days"), days.Count)}");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}

/// <summary>One day of the chart: observed, expected (NaN before the baseline has history) and the day's own alarm bound.</summary>
public sealed record ChartDay(DateOnly Day, int Observed, double Expected, double Threshold);
