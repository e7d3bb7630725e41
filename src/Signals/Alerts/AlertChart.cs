using ScottPlot;

namespace Signals.Alerts;

/// <summary>One entry of the chart's legend, written as HTML beside the picture: its words and the CSS that draws its swatch.</summary>
public sealed record ChartLegendItem(string Key, string Label, string Css);

/// <summary>
/// The picture an analyst reads first, drawn from the same <see cref="EpisodeReport"/> days as the e-mail's sentences:
/// people per day as bars (alarm days in red), the expected count and the count one day alone would need to alarm as
/// lines, the episode shaded, the day the alert was raised marked. The legend and the title are not in the picture but
/// HTML beside it (<see cref="Legend"/>): in the picture a legend covers the bars it explains, and HTML text keeps its size.
/// The picture is 600 px wide with 20 px text, so on a phone, where it shrinks to about 360 px, its text is still 12 px.
/// One sans-serif face, the one the e-mail's HTML asks for first (Arial, or its metric twin Liberation Sans on Linux).
/// </summary>
public static class AlertChart
{
    public const int Width = 600;
    public const int Height = 340;
    /// <summary>Tick labels and axis titles, in the picture's pixels.</summary>
    public const float FontSize = 20;
    private static readonly string[] Faces = ["Arial", "Liberation Sans", "DejaVu Sans"];
    private const string Episode = "#f4a261";
    private const string Normal = "#4a6fa5";
    private const string AlarmRed = "#c62828";
    private const string Bound = "#d35400";

    public static byte[] Render(EpisodeReport report, EmailWords words) => Build(report, words).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The same plot as SVG, each text a <c>&lt;text&gt;</c> element: what tests measure in a browser.</summary>
    public static string RenderSvg(EpisodeReport report, EmailWords words) => Build(report, words).GetSvgXml(Width, Height);

    /// <summary>What each mark of the picture means, in the order drawn, with swatches in the picture's colours.</summary>
    public static IReadOnlyList<ChartLegendItem> Legend(EpisodeReport report, EmailWords words)
    {
        var items = new List<ChartLegendItem> { Item("authors", words["legend_authors"]) };
        if (report.Days.Any(d => d.Alarm)) items.Add(Item("alarm_day", words["legend_alarm_day"]));
        if (report.Days.Any(d => !double.IsNaN(d.Expected)))
        {
            items.Add(Item("expected", words["legend_expected"]));
            items.Add(Item("bound", words["legend_bound"]));
        }
        items.Add(Item("episode", words["legend_episode"]));
        items.Add(Item("alert_day", $"{words["legend_alert_day"]} ({words.Date(report.Alert.FirstDay)})"));
        return items;
    }

    /// <summary>Each legend swatch as CSS (inline in the e-mail; classes <c>swatch-KEY</c> on the review page, whose policy forbids inline styles).</summary>
    public static readonly IReadOnlyDictionary<string, string> SwatchCss = new Dictionary<string, string>
    {
        ["authors"] = $"display:inline-block;width:14px;height:14px;background:{Normal};vertical-align:middle;",
        ["alarm_day"] = $"display:inline-block;width:14px;height:14px;background:{AlarmRed};vertical-align:middle;",
        ["expected"] = "display:inline-block;width:18px;height:0;border-top:2px solid #000;vertical-align:middle;",
        ["bound"] = $"display:inline-block;width:18px;height:0;border-top:2px dashed {Bound};vertical-align:middle;",
        ["episode"] = "display:inline-block;width:14px;height:14px;background:#fbd9bf;vertical-align:middle;",
        ["alert_day"] = $"display:inline-block;width:0;height:14px;border-left:2px dotted {AlarmRed};vertical-align:middle;",
    };

    private static ChartLegendItem Item(string key, string label) => new(key, label, SwatchCss[key]);

    private static Plot Build(EpisodeReport report, EmailWords words)
    {
        var alert = report.Alert;
        var days = report.Days;
        var plot = new Plot();
        plot.Font.Set(Face);
        static double X(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToOADate();

        var span = plot.Add.HorizontalSpan(X(alert.FirstDay) - 0.5, X(report.LastAlarmDay) + 0.5);
        span.FillStyle.Color = Color.FromHex(Episode).WithAlpha(0.28);
        span.LineStyle.Width = 0;

        var bars = plot.Add.Bars(days.Select(d => X(d.Day)).ToArray(), days.Select(d => (double)d.Observed).ToArray());
        bars.Color = Color.FromHex(Normal);
        foreach (var (bar, day) in bars.Bars.Zip(days))
        {
            bar.Size = 0.8;
            bar.LineWidth = 0;
            if (day.Alarm) bar.FillColor = Color.FromHex(AlarmRed);
        }

        var known = days.Where(d => !double.IsNaN(d.Expected)).ToList();
        if (known.Count > 0)
        {
            var kx = known.Select(d => X(d.Day)).ToArray();
            var expected = plot.Add.ScatterLine(kx, known.Select(d => d.Expected).ToArray());
            expected.Color = Colors.Black;
            expected.LineWidth = 2;
            var bound = plot.Add.ScatterLine(kx, known.Select(d => d.Threshold).ToArray());
            bound.Color = Color.FromHex(Bound);
            bound.LinePattern = LinePattern.Dashed;
            bound.LineWidth = 2;
        }

        var raised = plot.Add.VerticalLine(X(alert.FirstDay));
        raised.Color = Color.FromHex(AlarmRed);
        raised.LineWidth = 2;
        raised.LinePattern = LinePattern.Dotted;

        // Dates a fixed number of days apart, as many as fit side by side at this size: automatic ticks crowd a narrow picture.
        var months = words["months"].Split(',');
        var step = TickStep(days.Count);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = days.Count - 1; i >= 0; i -= step)
            ticks.AddMajor(X(days[i].Day), $"{days[i].Day.Day} {months[days[i].Day.Month - 1].Trim()}");
        plot.Axes.Bottom.TickGenerator = ticks;
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = FontSize;
            axis.Label.FontSize = FontSize;
        }
        plot.Axes.Margins(bottom: 0);
        plot.XLabel(words["axis_day"], FontSize);
        plot.YLabel(words["axis_people"], FontSize);
        return plot;
    }

    /// <summary>Days between date labels: a label ("30 Sep", about 70 px at 20 px) every 110 px of the plot's ~510 px at most.</summary>
    internal static int TickStep(int days)
    {
        const int fitting = 4;
        foreach (var step in new[] { 1, 2, 7, 14, 21, 28 })
            if ((days + step - 1) / step <= fitting) return step;
        return (days + fitting - 1) / fitting;
    }

    /// <summary>The first of the HTML's faces this machine has; ScottPlot's sans-serif default otherwise.</summary>
    private static string Face => Faces.FirstOrDefault(f => string.Equals(Fonts.GetTypeface(f, false, false).FamilyName, f, StringComparison.OrdinalIgnoreCase)) ?? Fonts.Sans;
}
