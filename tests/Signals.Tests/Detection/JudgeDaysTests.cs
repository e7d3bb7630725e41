using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Detection;
using Signals.Matching;
using Signals.Tests.Alerts;

namespace Signals.Tests.Detection;

/// <summary>
/// E-mails judge their chart's days in one pass (<see cref="DetectionRunner.JudgeDaysAsync"/>, the history read once); the
/// numbers must be those of judging each day on its own (<see cref="DetectionRunner.JudgeAsync"/>), which are the stored ones.
/// </summary>
public sealed class JudgeDaysTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task Judging_a_range_of_days_at_once_gives_each_day_the_numbers_of_judging_it_alone(bool normalizeByVolume)
    {
        using var replay = await SurgeReplay.CreateAsync();
        // The surge's alerts are stored, so open episodes leave the baseline on some days and not on others.
        await replay.RunAsync(null, SurgeReplay.End);
        Assert.That(await replay.Store.ListAlertsAsync(CancellationToken.None), Is.Not.Empty);
        var runner = new DetectionRunner(new ProductCatalog([new Product("levothyroxine", ["levothyrox"])]), replay.Store,
            Options.Create(new DetectionOptions { NormalizeByVolume = normalizeByVolume }), TimeProvider.System, NullLogger<DetectionRunner>.Instance);

        var (from, to) = (SurgeReplay.Start.AddDays(-5), SurgeReplay.End.AddDays(20));
        var compared = 0;
        var alarms = 0;
        foreach (var ev in new string?[] { null, "fatigue", "alopecia", "muscle spasms", "headache", "never named" })
        {
            var together = await runner.JudgeDaysAsync("levothyroxine", ev, from, to, CancellationToken.None);
            Assert.That(together, Has.Count.EqualTo(to.DayNumber - from.DayNumber + 1));
            var differences = new List<string>();
            for (var i = 0; i < together.Count; i++)
            {
                var alone = await runner.JudgeAsync("levothyroxine", ev, from.AddDays(i), CancellationToken.None);
                if (!Equals(together[i], alone)) differences.Add($"{ev ?? "product"} {from.AddDays(i):yyyy-MM-dd}: {together[i]} vs {alone}");
                if (alone is not null) compared++;
                if (alone is { Alarm: true }) alarms++;
            }
            Assert.That(differences, Is.Empty, string.Join("\n", differences));
        }
        Assert.That(compared, Is.GreaterThan(500), "days with a judgement were compared");
        Assert.That(alarms, Is.GreaterThan(5), "alarm days were compared");
    }

    [Test]
    public async Task An_empty_range_judges_nothing()
    {
        using var replay = await SurgeReplay.CreateAsync();
        Assert.That(await replay.Runner.JudgeDaysAsync("levothyroxine", null, SurgeReplay.End, SurgeReplay.Start, CancellationToken.None), Is.Empty);
    }
}
