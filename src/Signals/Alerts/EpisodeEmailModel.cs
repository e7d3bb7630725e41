using System.Globalization;

namespace Signals.Alerts;

/// <summary>
/// The words of one e-mail of an episode: sentences that say what each number counts and over which day or days, a
/// table of facts, the last 14 days, the example posts and the terms they use. Built once, rendered as text and as HTML;
/// the review page reads its sentences from here too, so a phrase means the same thing in both.
/// </summary>
public sealed class EpisodeEmailModel(EmailWords w, EpisodeReport r, Func<string, string> eventName, ProductNames products)
{
    private Alert A => r.Alert;

    /// <summary>"levothyroxine" or "levothyroxine / hair loss" (in French "lévothyroxine / fatigue").</summary>
    public string Subject => A.Event is null ? products.Name(A.Product) : $"{products.Name(A.Product)} / {eventName(A.Event)}";

    /// <summary>The day the e-mail quotes: the opening e-mail the day the alert was raised; an update, a closing e-mail and the page the peak.</summary>
    public ChartDay Quoted => r.Kind == EpisodeEmailKind.Opened ? r.Opening : r.Peak;

    public Dictionary<string, object?> Build(string chartId, string? reviewUrl, bool resent = false)
    {
        var peak = r.Peak;
        var kind = r.Kind switch { EpisodeEmailKind.Update => "update", EpisodeEmailKind.Closing => "closing", _ => "opened" };
        var day = Quoted;
        var stem = w.Format("subject_stem", ("product", products.Name(A.Product)), ("event", A.Event is null ? "" : $" / {eventName(A.Event)}"), ("first_day", w.Date(A.FirstDay)));
        var tail = r.Kind switch
        {
            EpisodeEmailKind.Update => w.Format("subject_update", ("observed", peak.Observed), ("day", w.Date(peak.Day)), ("total", w.Whole(r.Total))),
            EpisodeEmailKind.Closing => w.Format("subject_closing", ("total", w.Whole(r.Total)), ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay))),
            _ => w.Format("subject_opened", ("observed", day.Observed), ("day", w.Date(day.Day)), ("expected", w.Approx(day.Expected))),
        };
        var events = EpisodeEvents.Select(r.Events);
        return new Dictionary<string, object?>
        {
            ["product"] = products.Name(A.Product),
            ["event"] = A.Event is null ? null : eventName(A.Event),
            ["subject_line"] = Subject,
            ["subject"] = resent ? w.Format("subject_resent", ("subject", $"{stem} — {tail}")) : $"{stem} — {tail}",
            ["kind"] = kind,
            ["kind_line"] = resent ? $"{w["kind_resent"]} — {w[$"kind_{kind}"]}" : w[$"kind_{kind}"],
            ["headline"] = Headline(day),
            ["odds_line"] = OddsLine(day),
            ["closing_line"] = r.Kind == EpisodeEmailKind.Closing
                ? w.Format("closing_line", ("last_day", w.Date(r.LastAlarmDay)), ("quiet", r.AsOf.DayNumber - r.LastAlarmDay.DayNumber))
                : null,
            ["facts"] = Facts().Select(f => new Dictionary<string, object?> { ["label"] = f.Label, ["value"] = f.Value }).ToList(),
            ["events"] = events.Shown.Select(e => new Dictionary<string, object?> { ["text"] = EventText(e) }).ToList(),
            ["events_more"] = events.More == 0 ? null : w.Format(reviewUrl is null ? "events_more" : "events_more_link", ("n", events.More)),
            ["events_more_url"] = events.More == 0 ? null : reviewUrl,
            ["model_version"] = r.ModelVersion ?? "n/a",
            ["chart_id"] = chartId,
            ["chart_width"] = AlertChart.Width,
            ["chart_height"] = AlertChart.Height,
            ["chart_caption"] = w.Format("chart_caption", ("subject", Subject), ("from", w.Date(r.Days[0].Day)), ("to", w.Date(r.Days[^1].Day))),
            ["legend"] = AlertChart.Legend(r, w).Select(l => new Dictionary<string, object?> { ["label"] = l.Label, ["swatch"] = l.Css }).ToList(),
            ["recent_days"] = RecentDays().Select(d => new Dictionary<string, object?>
            {
                ["day"] = w.Date(d.Day), ["count"] = d.Observed, ["expected"] = w.Number(d.Expected), ["alarm"] = d.Alarm,
                ["alarm_mark"] = d.Alarm ? w["alarm_mark"] : "",
            }).ToList(),
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
            ["notes"] = Notes().Select(n => new Dictionary<string, object?> { ["key"] = n.Key, ["text"] = n.Text }).ToList(),
        };
    }

    /// <summary>The day, its people, what was expected, and from how many people one day alarms: always people, never a score.</summary>
    public string Headline(ChartDay day) => w.Format("headline",
        ("day", w.Date(day.Day)), ("observed", day.Observed), ("expected", w.Approx(day.Expected)), ("bound", w.Count(day.Threshold)),
        ("about", A.Event is null
            ? w.Format("about_product", ("product", products.Name(A.Product)), ("of_product", products.Of(A.Product)))
            : w.Format("about_event", ("product", products.Name(A.Product)), ("event", eventName(A.Event)))));

    /// <summary>
    /// How unusual, in words: the day alone, or the run of days whose total is the least likely. When the day alone already
    /// reached the one-day bound, the run is said as what it is (the total over those days), not as where the alarm came from.
    /// </summary>
    public string OddsLine(ChartDay day) => day.Window <= 1
        ? w.Format("odds_day", ("odds", w.Odds(day.Score)))
        : w.Format(day.Observed >= day.Threshold ? "odds_window" : "odds_window_below", ("window", day.Window), ("day", w.Date(day.Day)),
            ("window_total", w.Whole(r.WindowTotal(day))), ("odds", w.Odds(day.Score)), ("bound", w.Count(day.Threshold)));

    /// <summary>The e-mail's last 14 days up to the last alarm day (the HTML's daily table and the text's lines).</summary>
    public IEnumerable<ChartDay> RecentDays() => r.Days.Where(d => d.Day > r.LastAlarmDay.AddDays(-14) && d.Day <= r.LastAlarmDay);

    public string EventText(EpisodeEvent e) => EpisodeEvents.Text(e, w, eventName);

    public List<(string Label, string Value)> Facts()
    {
        var peak = r.Peak;
        var facts = new List<(string, string)>
        {
            (w["fact_episode"], r.Kind == EpisodeEmailKind.Closing
                ? w.Format("episode_closed", ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay)),
                    ("days", r.LastAlarmDay.DayNumber - A.FirstDay.DayNumber + 1), ("alarms", r.Between(A.FirstDay, r.LastAlarmDay).Count(d => d.Alarm)),
                    ("end_day", w.Date(r.AsOf)))
                : w.Format("episode_open", ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay)))),
            (w["fact_peak"], w.Format("peak", ("day", w.Date(peak.Day)), ("observed", peak.Observed), ("expected", w.Approx(peak.Expected)), ("bound", w.Count(peak.Threshold)))),
            // A one-day episode's total is its peak day: said once.
            (r.LastAlarmDay == A.FirstDay ? "" : w["fact_total"], w.Format("total", ("total", w.Whole(r.Total)), ("first_day", w.Date(A.FirstDay)), ("last_day", w.Date(r.LastAlarmDay)),
                ("expected", w.Approx(r.TotalExpected)))),
        };
        if (r.PreviousPeak is { } previous)
            facts.Add((w["fact_change"], w.Format("change", ("previous", previous.Observed), ("previous_day", w.Date(previous.Day)),
                ("observed", peak.Observed), ("day", w.Date(peak.Day)), ("since", w.Whole(r.TotalSincePrevious)))));
        return facts.Where(f => f.Item1 != "").ToList();
    }

    /// <summary>The terms this e-mail uses, explained once at its end (only those it uses).</summary>
    private IEnumerable<(string Key, string Text)> Notes()
    {
        yield return ("bound", w["note_bound"]);
        yield return ("alarm_day", w["note_alarm_day"]); // the text part's "*" and "(0.09)"; the HTML's table has its own headings
        if (r.Events.Any(e => e.RoseFrom is not null)) yield return ("own_alarm", w["note_own_alarm"]);
        if (r.Examples.Count > 0) yield return ("probability", w["note_probability"]);
    }
}
