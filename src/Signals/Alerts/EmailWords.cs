using System.Globalization;
using System.Text.RegularExpressions;

namespace Signals.Alerts;

/// <summary>
/// The e-mail's words in its language (labels.LANG.json): sentences with <c>{name}</c> placeholders, dates as
/// "16 Jul 2017" with the language's month names, numbers with its decimal and thousands separators, and the
/// detector's score as odds ("about 1 in 2,000"). The process runs with invariant globalization, so none of this
/// comes from a CultureInfo.
/// </summary>
public sealed partial class EmailWords(IReadOnlyDictionary<string, string> labels)
{
    public string this[string key] => labels.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"labels: no \"{key}\"");

    /// <summary>The label with each <c>{name}</c> replaced by its value.</summary>
    public string Format(string key, params (string Name, object Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "");
        return Placeholder().Replace(this[key], m => map.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    public string Date(DateOnly day) => $"{day.Day} {this["months"].Split(',')[day.Month - 1].Trim()} {day.Year}";

    /// <summary>An expected count: two decimals below 0.1, one below 10, whole above ("0.04", "0.1", "9.8", "31").</summary>
    public string Number(double value) => double.IsNaN(value) ? "–"
        : value < 0.095 ? value.ToString("0.00", CultureInfo.InvariantCulture).Replace(".", this["decimal_separator"])
        : value < 9.95 ? value.ToString("0.0", CultureInfo.InvariantCulture).Replace(".", this["decimal_separator"])
        : Whole((long)Math.Round(value));

    /// <summary>
    /// An expected count as a reader says it: "about 0.8", "about 31", and below 0.1 "fewer than 0.1" — "about 0.0" would
    /// read as none expected, and two decimals of a count pretend to a precision the baseline does not have.
    /// </summary>
    public string Approx(double value) => double.IsNaN(value) ? "–"
        : value < 0.1 ? Format("under", ("n", 0.1.ToString("0.0", CultureInfo.InvariantCulture).Replace(".", this["decimal_separator"])))
        : Format("approx", ("n", Number(value)));

    /// <summary>A count stored as a number (a one-day alarm bound): whole.</summary>
    public string Count(double value) => double.IsNaN(value) ? "–" : Whole((long)Math.Round(value));

    public string Whole(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", this["thousands_separator"]);

    /// <summary>
    /// The score (−log10 of the chance of a count or total this high if nothing had changed) as odds with two significant
    /// digits: a score of 3.3 is "about 1 in 2,000". Beyond a million the digits mean nothing to an analyst.
    /// </summary>
    public string Odds(double score)
    {
        if (score >= 6) return this["odds_tiny"];
        var n = Math.Pow(10, score);
        var digits = Math.Pow(10, Math.Max(0, Math.Floor(Math.Log10(n)) - 1));
        return Format("odds", ("n", Whole((long)(Math.Round(n / digits) * digits))));
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}
