using System.Text;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>
/// Issue 22, item 2: RSS items built to make parsing quadratic. Each must be read (or refused at a named limit) in bounded
/// time; the speed itself is shown by the benchmark (<c>Signals.Benchmarks hostile-feed</c>, docs/performance.md), not here.
/// The bound below only says "it returned at all": the old code took 84 s and 106 s for these.
/// </summary>
public sealed class HostileMarkupTests
{
    private static readonly FeedDefinition Feed = new() { Name = "hostile", Type = "rss", Location = "http://127.0.0.1/hostile" };

    internal static string Item(string inner) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title><link>http://forum.example/</link><description>d</description>"
        + $"<item><guid>hostile-1</guid><title>Levothyrox</title>{inner}</item></channel></rss>";

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static async Task<Task<FeedReadResult>> ParseWithin(string xml, TimeSpan bound, CancellationToken ct = default)
    {
        var parse = Task.Run(() => SyndicationParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Feed, DateTimeOffset.UtcNow, null, ct));
        Assert.That(await Task.WhenAny(parse, Task.Delay(bound)), Is.SameAs(parse), $"parsed within {bound.TotalSeconds} s");
        return parse;
    }

    [Test]
    public async Task An_item_with_40000_unclosed_script_tags_is_read_and_its_text_kept()
    {
        var parse = await ParseWithin(Item("<description>Levothyrox " + Repeat("&lt;script&gt;", 40_000) + " crampes</description>"), TimeSpan.FromSeconds(30));

        var post = (await parse).Posts.Single();
        Assert.That(post.Text, Does.Contain("Levothyrox crampes").And.Not.Contain("<script"));
    }

    [Test]
    public async Task Scripts_and_styles_that_are_closed_are_still_dropped_with_their_content()
    {
        var parse = await ParseWithin(Item("<description>Levothyrox &lt;SCRIPT type=\"x\"&gt;alert(1)&lt;/script &gt; et &lt;style&gt;p{}&lt;/style&gt;crampes</description>"),
            TimeSpan.FromSeconds(30));

        Assert.That((await parse).Posts.Single().Text, Does.Contain("Levothyrox").And.Contain("crampes").And.Not.Contain("alert").And.Not.Contain("p{}"));
    }

    [Test]
    public async Task Elements_nested_200000_deep_are_refused_with_an_error_naming_the_limit()
    {
        var parse = await ParseWithin(Item("<description>Levothyrox</description>" + Repeat("<x>", 200_000) + Repeat("</x>", 200_000)), TimeSpan.FromSeconds(30));

        var ex = await Assert.CatchAsync<FeedException>(async () => await parse);
        Assert.That(ex!.Message, Does.Contain("hostile").And.Contain($"deeper than {SyndicationParser.MaxDepth}").And.Contain("MaxDepth"));
    }

    [Test]
    public async Task Elements_nested_as_deep_as_the_limit_are_read()
    {
        // rss > channel > item is depth 2; the nested elements start at depth 3.
        var depth = SyndicationParser.MaxDepth - 2;
        var parse = await ParseWithin(Item("<description>Levothyrox crampes</description>" + Repeat("<x>", depth) + Repeat("</x>", depth)), TimeSpan.FromSeconds(30));

        Assert.That((await parse).Posts, Has.Count.EqualTo(1));
    }

    [Test]
    public void Parsing_stops_when_the_read_deadline_has_passed()
    {
        var items = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"<item><guid>g{i}</guid><title>Levothyrox {i}</title></item>"));
        var xml = Item("<description>x</description>").Replace("</channel>", items + "</channel>");
        using var passed = new CancellationTokenSource();
        passed.Cancel();

        Assert.Catch<OperationCanceledException>(() => SyndicationParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Feed, DateTimeOffset.UtcNow, null, passed.Token));
    }
}
