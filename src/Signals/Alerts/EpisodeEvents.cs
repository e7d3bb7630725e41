namespace Signals.Alerts;

/// <summary>The events an e-mail, the digest or the review page lists: the first <see cref="Shown"/>, and how many more there are.</summary>
public sealed record EventSelection(IReadOnlyList<EpisodeEvent> Shown, int More)
{
    public int Total => Shown.Count + More;
}

/// <summary>
/// One choice of which events of an episode are named, for every place that names them (the e-mails, the digest, the
/// review page), so they cannot drop different ones: most people-days first, then by term; the first
/// <see cref="Listed"/> by name, the rest counted as "and N more" with a link to the review page, which lists them all.
/// </summary>
public static class EpisodeEvents
{
    /// <summary>Enough for a whole episode as a rule (the demo's has 11), few enough to read in one line of an e-mail.</summary>
    public const int Listed = 12;

    public static IReadOnlyList<EpisodeEvent> Order(IEnumerable<EpisodeEvent> events) =>
        events.OrderByDescending(e => e.PersonDays).ThenBy(e => e.Term, StringComparer.Ordinal).ToList();

    public static EventSelection Select(IEnumerable<EpisodeEvent> events, int listed = Listed)
    {
        var ordered = Order(events);
        return new EventSelection(ordered.Take(listed).ToList(), Math.Max(0, ordered.Count - listed));
    }

    /// <summary>"fatigue 87 (own alarm from 17 Jul 2017)": the event, its people-days, and the day it alarmed on its own.</summary>
    public static string Text(EpisodeEvent e, EmailWords w, Func<string, string> name) =>
        $"{name(e.Term)} {w.Whole(e.PersonDays)}{(e.RoseFrom is { } d ? $" ({w.Format("event_rose", ("day", w.Date(d)))})" : "")}";
}
