namespace Signals.Detection;

/// <summary>
/// The first alarm rule: a day alarms when its count exceeds mean + k·sd of the previous
/// days and reaches the minimum count. Crude (no weekday effect, no trend, past outbreaks
/// inflate the baseline) — the detection issue replaces it — but honest and explainable.
/// </summary>
public sealed class BaselineRule(double standardDeviations, int minimumCount)
{
    public Decision Evaluate(IReadOnlyList<int> history, int observed)
    {
        double mean = 0, sd = 0;
        if (history.Count > 0)
        {
            mean = history.Average();
            sd = history.Count > 1 ? Math.Sqrt(history.Sum(c => (c - mean) * (c - mean)) / (history.Count - 1)) : 0;
        }
        var threshold = mean + standardDeviations * sd;
        var alarm = observed >= minimumCount && observed > threshold;
        return new Decision(observed, mean, threshold, alarm);
    }
}

/// <summary>One day's verdict: observed against expected (the baseline mean) and the alarm threshold.</summary>
public sealed record Decision(int Observed, double Expected, double Threshold, bool Alarm);
