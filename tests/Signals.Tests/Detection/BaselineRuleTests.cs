using Signals.Detection;

namespace Signals.Tests.Detection;

public sealed class BaselineRuleTests
{
    private static readonly BaselineRule Rule = new(standardDeviations: 3, minimumCount: 3);

    [Test]
    public void Count_far_above_a_steady_baseline_alarms()
    {
        var history = Enumerable.Repeat(new[] { 1, 2, 1, 0 }, 7).SelectMany(x => x).ToList();
        var decision = Rule.Evaluate(history, 12);
        Assert.That(decision.Alarm, Is.True);
        Assert.That(decision.Expected, Is.EqualTo(1.0).Within(1e-9));
        Assert.That(decision.Threshold, Is.GreaterThan(1.0).And.LessThan(12));
    }

    [Test]
    public void Count_within_the_usual_spread_does_not_alarm()
    {
        var history = Enumerable.Repeat(new[] { 4, 8, 5, 9 }, 7).SelectMany(x => x).ToList();
        Assert.That(Rule.Evaluate(history, 10).Alarm, Is.False);
    }

    [Test]
    public void One_to_two_posts_is_not_a_signal_even_on_a_zero_baseline()
    {
        var zeros = Enumerable.Repeat(0, 28).ToList();
        Assert.That(Rule.Evaluate(zeros, 2).Alarm, Is.False);
        Assert.That(Rule.Evaluate(zeros, 3).Alarm, Is.True);
    }
}
