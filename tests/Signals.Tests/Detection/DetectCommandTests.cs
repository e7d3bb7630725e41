using System.Globalization;
using System.Text;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Detection;

/// <summary><c>signals detect</c> as a data scientist tuning a threshold uses it: on a file of daily series.</summary>
public sealed class DetectCommandTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Series(params (string Id, int[] Counts)[] series)
    {
        var sb = new StringBuilder("series_id,t,date,count\n");
        foreach (var (id, counts) in series)
            for (var t = 0; t < counts.Length; t++)
                sb.Append(CultureInfo.InvariantCulture, $"{id},{t + 1},{new DateOnly(2017, 1, 1).AddDays(t):yyyy-MM-dd},{counts[t]}\n");
        var path = Path.Combine(_dir, "series.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Test]
    public async Task A_series_too_short_to_judge_is_named_with_the_days_it_needs_and_gets_no_zero_scores()
    {
        var path = Series(("short", Enumerable.Repeat(4, 32).ToArray()));
        var (exit, stdout, stderr) = await new WorkerProcess(_dir).RunAsync("detect", "--series", path);

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain("'short' has 32 days, too short to judge").And.Contain("56 days of history").And.Contain("day 64"));
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(rows, Has.Count.EqualTo(32));
        Assert.That(rows.Select(r => (r[4], r[5], r[8])), Has.All.EqualTo(("", "", "")), "no expected count, score or verdict: not zeros");
    }

    [Test]
    public async Task The_output_names_the_score_threshold_and_the_count_that_would_alarm_apart()
    {
        var random = new Random(3);
        var counts = Enumerable.Range(0, 120).Select(_ => 3 + random.Next(3)).ToArray();
        counts[100] = 30; // a spike on day 101
        var path = Series(("flat-with-spike", counts));
        var (exit, stdout, stderr) = await new WorkerProcess(_dir).RunAsync("detect", "--series", path, "--threshold", "4");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("series_id,t,date,count,expected,score,threshold_score,alarm_count,alarm"));
        var spike = lines[101].Split(',');
        Assert.That((spike[3], spike[6], spike[8]), Is.EqualTo(("30", "4", "1")), "the count, the score threshold asked for, the alarm");
        var alarmCount = int.Parse(spike[7], CultureInfo.InvariantCulture);
        Assert.That(alarmCount, Is.InRange(6, 29), "the count that day alone needed: a count, not the score");
        Assert.That(lines[63].Split(',')[5], Is.Empty, "day 63 is not judged yet");
        Assert.That(lines[64].Split(',')[5], Is.Not.Empty, "day 64 is the first judged");
        Assert.That(stderr, Does.Contain("the first 63 days of each series are not judged"));
    }

    [Test]
    public async Task A_threshold_that_is_not_a_score_is_a_usage_error()
    {
        var path = Series(("s", [1, 2, 3]));
        var (exit, _, stderr) = await new WorkerProcess(_dir).RunAsync("detect", "--series", path, "--threshold", "abc");
        Assert.That(exit, Is.EqualTo(64));
        Assert.That(stderr, Does.Contain("--threshold must be a positive score"));
    }
}
