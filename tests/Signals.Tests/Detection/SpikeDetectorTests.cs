using Signals.Detection;

namespace Signals.Tests.Detection;

/// <summary>The baseline model and the detector on series with known truth (seeded simulations).</summary>
public sealed class SpikeDetectorTests
{
    private static readonly DateOnly Start = new(2015, 1, 1); // a Thursday
    private static int DayOfWeek(int i) => ((int)Start.AddDays(i).DayOfWeek + 6) % 7;
    private static readonly double[] Weekday = [1.4, 1.3, 1.2, 1.1, 1.0, 0.45, 0.4]; // Monday..Sunday: a strong social-media week

    private static int[] Simulate(int days, Func<int, double> mean, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, days).Select(d => Poisson(random, mean(d))).ToArray();
    }

    private static int Poisson(Random random, double mean)
    {
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Gaussian(random)));
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static DayScore[] Run(int[] counts, DetectorSettings? settings = null)
    {
        var detector = new SpikeDetector(settings ?? new DetectorSettings());
        return detector.Decide(counts, detector.ComputeBaseline(counts, DayOfWeek, 0), detector.Settings.Threshold);
    }

    private static int FalseAlarms(DayScore[] days, int from) => days.Skip(from).Count(d => d is { Alarm: true });

    [Test]
    public void Pure_poisson_series_gives_about_one_false_alarm_a_year_or_fewer()
    {
        var alarms = Enumerable.Range(0, 10).Sum(seed => FalseAlarms(Run(Simulate(3 * 365, _ => 20, seed)), 730));
        Assert.That(alarms / 10.0, Is.LessThanOrEqualTo(1.5), "false alarms per series-year in the third year");
    }

    [Test]
    public void Strong_weekday_effect_is_in_the_expected_counts_and_raises_no_alarm()
    {
        var counts = Simulate(3 * 365, d => 40 * Weekday[DayOfWeek(d)], seed: 7);
        var days = Run(counts);
        var monday = days.Skip(730).Where((_, i) => DayOfWeek(730 + i) == 0).Average(d => d.Expected);
        var sunday = days.Skip(730).Where((_, i) => DayOfWeek(730 + i) == 6).Average(d => d.Expected);
        Assert.That(monday / sunday, Is.EqualTo(1.4 / 0.4).Within(0.4));
        Assert.That(FalseAlarms(days, 730), Is.LessThanOrEqualTo(2));
    }

    [Test]
    public void Trend_is_followed_so_a_growing_platform_is_not_an_outbreak()
    {
        var counts = Simulate(3 * 365, d => 10 * Math.Exp(0.7 * d / 365.0), seed: 11); // doubling in a year
        var days = Run(counts);
        var late = days[3 * 365 - 10];
        Assert.That(late.Expected, Is.EqualTo(10 * Math.Exp(0.7 * (3 * 365 - 10) / 365.0)).Within(15).Percent);
        Assert.That(FalseAlarms(days, 730), Is.LessThanOrEqualTo(2));
    }

    [Test]
    public void A_past_outbreak_is_down_weighted_in_the_baseline()
    {
        var counts = Simulate(2 * 365, _ => 10, seed: 3);
        for (var d = 660; d < 681; d++) counts[d] += 30; // three weeks at four times the level, ending three weeks before the fit ends
        var model = BaselineModel.Fit(counts, 0, 700, DayOfWeek);
        var plain = BaselineModel.Fit(Simulate(2 * 365, _ => 10, seed: 3), 0, 700, DayOfWeek);
        var expected = Enumerable.Range(700, 7).Average(d => model.Expected(d, DayOfWeek(d)));
        Assert.That(expected, Is.EqualTo(10).Within(1.0), "the outbreak's 630 extra counts barely move the baseline");
        Assert.That(expected, Is.EqualTo(Enumerable.Range(700, 7).Average(d => plain.Expected(d, DayOfWeek(d)))).Within(1.0));
    }

    [Test]
    public void Sparse_series_with_many_zeros_keeps_finite_estimates_and_single_reports_never_alarm()
    {
        var counts = Simulate(2 * 365, _ => 0.08, seed: 5);
        var days = Run(counts);
        Assert.That(days.Skip(100).Select(d => d.Expected), Has.All.Matches<double>(e => double.IsFinite(e) && e > 0.01 && e < 0.5));
        Assert.That(days.Where((d, i) => d is { Alarm: true } && counts[i] < 2), Is.Empty);
    }

    [Test]
    public void A_sharp_spike_alarms_on_its_first_day()
    {
        var counts = Simulate(2 * 365, _ => 5, seed: 9);
        counts[700] += 25;
        var days = Run(counts);
        Assert.That(days[700].Alarm, Is.True);
        Assert.That(days[700].Score, Is.GreaterThan(days[699].Score + 3));
    }

    [Test]
    public void A_slow_three_week_build_up_alarms_before_it_ends()
    {
        var counts = Simulate(2 * 365, _ => 30, seed: 13);
        for (var d = 0; d < 21; d++) counts[690 + d] += (int)Math.Round(1.0 * d); // 0, 1, 2, … 20 extra a day
        var days = Run(counts);
        var first = Enumerable.Range(690, 21).FirstOrDefault(d => days[d].Alarm, -1);
        Assert.That(first, Is.InRange(690, 710), "caught by a multi-day window while no single day stands out");
        Assert.That(days[first].Window, Is.GreaterThan(1));
    }

    [Test]
    public void Decisions_are_prospective_later_counts_change_nothing_before_them()
    {
        var counts = Simulate(2 * 365, _ => 8, seed: 17);
        var before = Run(counts);
        var changed = (int[])counts.Clone();
        for (var d = 650; d < changed.Length; d++) changed[d] += 50;
        var after = Run(changed);
        for (var d = 0; d < 650; d++) Assert.That(after[d], Is.EqualTo(before[d]), $"day {d}");
    }

    /// <summary>Two years of mentions (volume) of which a share are adverse-event reports, each day's count drawn from its volume.</summary>
    private static (int[] Counts, int[] Volume) Shares(Func<int, double> volume, Func<int, double> share, int seed)
    {
        var random = new Random(seed);
        var v = Enumerable.Range(0, 2 * 365).Select(d => Poisson(random, volume(d))).ToArray();
        var c = v.Select((n, d) => Enumerable.Range(0, n).Count(_ => random.NextDouble() < share(d))).ToArray();
        return (c, v);
    }

    private static DayScore[] RunOnShare(int[] counts, int[]? volume)
    {
        var detector = new SpikeDetector(new DetectorSettings());
        return detector.Decide(counts, detector.ComputeBaseline(counts, DayOfWeek, 0, volume), detector.Settings.Threshold);
    }

    [Test]
    public void With_volume_a_platform_doubling_its_mentions_at_a_constant_share_raises_no_alarm()
    {
        var (counts, volume) = Shares(d => d < 700 ? 150 : 300, _ => 0.1, seed: 19); // 15 reports a day, then 30: the platform doubled
        Assert.That(RunOnShare(counts, null).Skip(700).Count(d => d.Alarm), Is.GreaterThan(0), "on raw counts the doubling is an outbreak");
        var shared = RunOnShare(counts, volume);
        Assert.That(shared.Skip(700).Count(d => d.Alarm), Is.Zero, "the share did not change");
        Assert.That(shared[710].Expected, Is.EqualTo(30).Within(15).Percent, "the expected count follows the day's volume");
    }

    [Test]
    public void With_volume_a_doubling_share_alarms_within_days()
    {
        var (counts, volume) = Shares(_ => 150, d => d < 700 ? 0.1 : 0.2, seed: 23);
        var days = RunOnShare(counts, volume);
        Assert.That(Enumerable.Range(700, 30).FirstOrDefault(d => days[d].Alarm, -1), Is.InRange(700, 702));
        Assert.That(days.Take(700).Count(d => d is { Alarm: true }), Is.LessThanOrEqualTo(2), "before it, the share was steady");
    }

    [Test]
    public void With_volume_days_without_mentions_expect_nothing_and_leave_the_share_alone()
    {
        // Nobody mentions the product at weekends; on weekdays a tenth of the mentions are reports.
        var (counts, volume) = Shares(d => DayOfWeek(d) >= 5 ? 0 : 60, _ => 0.1, seed: 29);
        var days = RunOnShare(counts, volume);
        Assert.That(days.Skip(100).Where((_, i) => DayOfWeek(100 + i) >= 5).Select(d => d.Expected), Has.All.EqualTo(0));
        var offShare = Enumerable.Range(100, days.Length - 100).Where(d => DayOfWeek(d) < 5)
            .Select(d => (Day: d, Share: days[d].Expected / volume[d])).Where(d => d.Share is < 0.065 or > 0.14);
        Assert.That(offShare, Is.Empty, "weekdays expect about a tenth of the day's mentions");
        Assert.That(days.Count(d => d is { Alarm: true }), Is.LessThanOrEqualTo(2));
    }

    [TestCase(0, 2.0, 1.0, 1.0)]
    [TestCase(3, 1.0, 1.0, 0.0803013970713942)]
    [TestCase(5, 2.0, 1.0, 0.052653017343711125)]
    [TestCase(10, 2.0, 3.0, 0.017341529915832606)] // NB with size 1 is geometric: (2/3)^10
    public void Tail_probabilities_match_known_values(int observed, double mean, double dispersion, double expected) =>
        Assert.That(CountTail.AtLeast(observed, mean, dispersion), Is.EqualTo(expected).Within(expected * 0.05 + 1e-12));

    [Test]
    public void A_ten_week_level_shift_stays_one_episode_because_its_days_stay_out_of_the_baseline()
    {
        // 195 days at 4 a day, 70 at 30 a day, then 4 again (the Levothyrox shape of issue 15).
        var counts = Simulate(330, d => d >= 195 && d < 265 ? 30 : 4, seed: 1);
        var detector = new SpikeDetector(new DetectorSettings());
        var run = detector.Run(counts, DayOfWeek, 3, quietDays: 14);
        var alarms = Enumerable.Range(195, 70).Where(t => run[t].Alarm).ToList();
        Assert.That(alarms.First(), Is.EqualTo(195), "the first day of the surge");
        Assert.That(alarms.Zip(alarms.Skip(1), (a, b) => b - a).Max(), Is.LessThanOrEqualTo(2), "no gap near the 14 quiet days that would close it");
        Assert.That(alarms.Last(), Is.GreaterThanOrEqualTo(262), "alarming until the level falls back");
        Assert.That(run[260].Expected, Is.EqualTo(4).Within(1), "nine weeks in, still judged against the level before it");
        Assert.That(Enumerable.Range(290, 40).Count(t => run[t].Alarm), Is.Zero, "back at 4 a day: quiet");

        // Without keeping the open episode out, the surge inflates φ until its own days are not down-weighted: it becomes its baseline.
        var absorbed = detector.Decide(counts, detector.ComputeBaseline(counts, DayOfWeek, 0), 3);
        Assert.That(absorbed[260].Expected, Is.GreaterThan(8), "the mechanism this guards against");
    }

    [Test]
    public void The_last_days_verdict_alone_is_the_last_of_judging_every_day()
    {
        // Quiet, a surge (alarms and their reset), quiet again: each prefix judged over its last 42 days as detection does.
        var counts = Simulate(400, d => d >= 300 && d < 320 ? 25 : 3, seed: 7);
        var detector = new SpikeDetector(new DetectorSettings());
        var alarms = 0;
        for (var length = 70; length <= counts.Length; length++)
        {
            var series = counts[..length];
            var first = length - 42;
            var baseline = detector.ComputeBaseline(series, DayOfWeek, first);
            var last = detector.DecideLast(series, baseline, 3, first);
            Assert.That(last, Is.EqualTo(detector.Decide(series, baseline, 3, first)[^1]), $"day {length - 1}");
            if (last.Alarm) alarms++;
        }
        Assert.That(alarms, Is.GreaterThan(3), "alarm days (and the reset after them) were compared");
    }
}
