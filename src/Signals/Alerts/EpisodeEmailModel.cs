using System.Globalization;

namespace Signals.Alerts;

/// <summary>
/// The template model of one e-mail of an episode: sentences that say what each number counts and over which day or
/// days, a table of facts, the last 14 days, the example posts. Built once, rendered as text and as HTML.
/// </summary>
internal sealed class EpisodeEmailModel(EmailWords w, EpisodeReport r, Func<string, string> eventName)
{
    private Alert A => r.Alert;

    /// <summary>"levothyroxine" or "levothyroxine / hair loss".</summary>
    public string Subject => A.Event is null ? A.Product : $"{A.Product} / {eventName(A.Event)}";

    public Dictionary<string, object?> Build(string chartId)
    {
        var peak = r.Peak;
        var kind = r.Kind switch { EpisodeEmailKind.Update => "update", EpisodeEmailKind.Closing => "closing", _ => "opened" };
        // The opening e-mail quotes the day the alert was raised; an update and the closing e-mail the episode's peak.
        var day = r.Kind == EpisodeEmailKind.Opened ? r.Opening : peak;
        return new Dictionary<string, object?>
        {
            ["product"] = A.Product,
            ["event"] = A.Event is null ? null : eventName(A.Event),
            ["subject_line"] = Subject,
            ["kind"] = kind,
            ["kind_line"] = w[$"kind_{kind}"],
            ["stem"] = w.Format("subject_stem", ("product", A.Product), ("event", A.Event is null ? "" : $" / {eventName(A.Event)}"), ("first_day", w.Date(A.FirstDay))),
            ["subject_tail"] = r.Kind switch
            {
                EpisodeEmailKind.Update => w.Format("subject_update", ("observed", peak.Observed), ("day", w.Date(peak.Day)), ("total", w.Whole(r.Total))),
                EpisodeEmailKind.Closing => w.Format("subject_closing", ("total", w.Whole(r.Total)), ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay))),
                _ => w.Format("subject_opened", ("observed", day.Observed), ("day", w.Date(day.Day)), ("expected", w.Number(day.Expected))),
            },
            ["headline"] = Headline(day),
            ["odds_line"] = OddsLine(day),
            ["closing_line"] = r.Kind == EpisodeEmailKind.Closing
                ? w.Format("closing_line", ("last_day", w.Date(r.LastAlarmDay)), ("quiet", r.AsOf.DayNumber - r.LastAlarmDay.DayNumber))
                : null,
            ["facts"] = Facts(),
            ["model_version"] = r.ModelVersion ?? "n/a",
            ["chart_id"] = chartId,
            ["chart_width"] = AlertChart.Width,
            ["chart_height"] = AlertChart.Height,
            ["recent_days"] = r.Days.Where(d => d.Day > r.LastAlarmDay.AddDays(-14) && d.Day <= r.LastAlarmDay)
                .Select(d => new Dictionary<string, object?> { ["day"] = w.Date(d.Day), ["count"] = d.Observed, ["expected"] = w.Number(d.Expected), ["alarm"] = d.Alarm }).ToList(),
            ["examples"] = r.Examples.Select(p => new Dictionary<string, object?>
            {
                ["day"] = w.Date(DateOnly.FromDateTime(p.Post.CreatedAt.UtcDateTime)),
                ["created"] = $"{p.Post.CreatedAt:yyyy-MM-dd HH:mm}",
                ["source"] = p.Post.Source,
                // Only a safe http(s) link, shown by its host; anything else is text (SafeLink).
                ["url"] = SafeLink.Of(p.Post.Url).Href,
                ["link_text"] = SafeLink.Of(p.Post.Url).Text,
                ["author"] = p.Post.Author ?? "anonymous",
                ["probability"] = p.AdverseEventProbability.ToString("F2", CultureInfo.InvariantCulture).Replace(".", w["decimal_separator"]),
                ["events"] = string.Join(", ", p.Events.Select(eventName)),
                ["excerpt"] = AlertEmailComposer.Excerpt(p.Post.Text),
            }).ToList(),
        };
    }

    private string Headline(ChartDay day) => w.Format("headline",
        ("day", w.Date(day.Day)), ("observed", day.Observed), ("expected", w.Number(day.Expected)), ("bound", w.Count(day.Threshold)),
        ("about", A.Event is null ? w.Format("about_product", ("product", A.Product)) : w.Format("about_event", ("product", A.Product), ("event", eventName(A.Event)))));

    /// <summary>How unusual, in words: the day alone, or the run of days whose total made it alarm.</summary>
    private string OddsLine(ChartDay day) => day.Window <= 1
        ? w.Format("odds_day", ("odds", w.Odds(day.Score)))
        : w.Format("odds_window", ("window", day.Window), ("day", w.Date(day.Day)),
            ("window_total", r.WindowTotal(day)), ("odds", w.Odds(day.Score)));

    private List<Dictionary<string, object?>> Facts()
    {
        var peak = r.Peak;
        var facts = new List<(string, string)>
        {
            (w["fact_episode"], r.Kind == EpisodeEmailKind.Closing
                ? w.Format("episode_closed", ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay)),
                    ("days", r.LastAlarmDay.DayNumber - A.FirstDay.DayNumber + 1), ("alarms", r.Between(A.FirstDay, r.LastAlarmDay).Count(d => d.Alarm)),
                    ("end_day", w.Date(r.AsOf)))
                : w.Format("episode_open", ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay)))),
            (w["fact_peak"], w.Format("peak", ("day", w.Date(peak.Day)), ("observed", peak.Observed), ("expected", w.Number(peak.Expected)), ("bound", w.Count(peak.Threshold)))),
            // A one-day episode's total is its peak day: said once.
            (r.LastAlarmDay == A.FirstDay ? "" : w["fact_total"], w.Format("total", ("total", w.Whole(r.Total)), ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay)),
                ("expected", w.Number(r.TotalExpected)))),
        };
        if (r.PreviousPeak is { } previous)
            facts.Add((w["fact_change"], w.Format("change", ("previous", previous.Observed), ("previous_day", w.Date(previous.Day)),
                ("observed", peak.Observed), ("day", w.Date(peak.Day)), ("since", w.Whole(r.TotalSincePrevious)))));
        if (r.Events.Count > 0)
            facts.Add((w["fact_events"], string.Join("; ", r.Events.Select(e =>
                $"{eventName(e.Term)} {w.Whole(e.PersonDays)}{(e.RoseFrom is { } d ? $" ({w.Format("event_rose", ("day", w.Date(d)))})" : "")}"))));
        facts.Add((w["model"], r.ModelVersion ?? "n/a"));
        return facts.Where(f => f.Item1 != "").Select(f => new Dictionary<string, object?> { ["label"] = f.Item1, ["value"] = f.Item2 }).ToList();
    }
}
