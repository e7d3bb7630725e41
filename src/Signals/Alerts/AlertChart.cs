using ScottPlot;

namespace Signals.Alerts;

/// <summary>
/// The picture an analyst reads first, drawn from the same <see cref="EpisodeReport"/> days as the e-mail's sentences:
/// people per day as bars (alarm days in red), the expected count and the count one day alone would need to alarm as
/// lines, the episode shaded, the day the alert was raised marked. One sans-serif face, the one the e-mail's HTML asks
/// for first (Arial, or its metric twin Liberation Sans on Linux), so the picture reads as part of the page.
/// </summary>
public static class AlertChart
{
    public const int Width = 720;
    public const int Height = 320;
    private static readonly string[] Faces = ["Arial", "Liberation Sans", "DejaVu Sans"];

    public static byte[] Render(EpisodeReport report, EmailWords words, Func<string, string>? eventName = null)
    {
        var alert = report.Alert;
        var days = report.Days;
        var plot = new Plot();
        plot.Font.Set(Face);
        static double X(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToOADate();

        var span = plot.Add.HorizontalSpan(X(alert.FirstDay) - 0.5, X(report.LastAlarmDay) + 0.5);
        span.FillStyle.Color = Color.FromHex("#f4a261").WithAlpha(0.28);
        span.LineStyle.Width = 0;
        span.LegendText = words["legend_episode"];

        var normal = Color.FromHex("#4a6fa5");
        var alarm = Color.FromHex("#c62828");
        var bars = plot.Add.Bars(days.Select(d => X(d.Day)).ToArray(), days.Select(d => (double)d.Observed).ToArray());
        bars.Color = normal;
        foreach (var (bar, day) in bars.Bars.Zip(days))
        {
            bar.Size = 0.8;
            if (day.Alarm) bar.FillColor = alarm;
        }
        bars.LegendText = words["legend_authors"];
        if (days.Any(d => d.Alarm)) plot.Legend.ManualItems.Add(new LegendItem { LabelText = words["legend_alarm_day"], FillColor = alarm });

        var known = days.Where(d => !double.IsNaN(d.Expected)).ToList();
        if (known.Count > 0)
        {
            var kx = known.Select(d => X(d.Day)).ToArray();
            var expected = plot.Add.ScatterLine(kx, known.Select(d => d.Expected).ToArray());
            expected.Color = Colors.Black;
            expected.LineWidth = 2;
            expected.LegendText = words["legend_expected"];
            var bound = plot.Add.ScatterLine(kx, known.Select(d => d.Threshold).ToArray());
            bound.Color = Color.FromHex("#d35400");
            bound.LinePattern = LinePattern.Dashed;
            bound.LineWidth = 1.5f;
            bound.LegendText = words["legend_bound"];
        }

        var raised = plot.Add.VerticalLine(X(alert.FirstDay));
        raised.Color = alarm;
        raised.LineWidth = 1.5f;
        raised.LinePattern = LinePattern.Dotted;
        raised.LegendText = $"{words["legend_alert_day"]} ({words.Date(alert.FirstDay)})";

        var ticks = plot.Axes.DateTimeTicksBottom();
        var months = words["months"].Split(',');
        if (ticks.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic automatic)
            automatic.LabelFormatter = date => $"{date.Day} {months[date.Month - 1].Trim()}";
        plot.Axes.Margins(bottom: 0);
        plot.XLabel(words["axis_day"], 12);
        plot.YLabel(words["axis_people"], 12);
        var subject = alert.Event is null ? alert.Product : $"{alert.Product} / {(eventName ?? (e => e))(alert.Event)}";
        plot.Title(words.Format("chart_title", ("subject", subject), ("from", words.Date(days[0].Day)), ("to", words.Date(days[^1].Day))), 14);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The first of the HTML's faces this machine has; ScottPlot's sans-serif default otherwise.</summary>
    private static string Face => Faces.FirstOrDefault(f => string.Equals(Fonts.GetTypeface(f, false, false).FamilyName, f, StringComparison.OrdinalIgnoreCase)) ?? Fonts.Sans;
}
