using System.Diagnostics;
using System.Text;
using Signals.Feeds;

namespace Signals.Benchmarks;

/// <summary>
/// Issue 22, item 2: seconds to parse one RSS item built to be slow, at growing sizes, to show the growth is linear (or that
/// the read is refused at a named limit). Shapes: <c>&amp;lt;script&amp;gt;</c> repeated without a closing tag (escaped
/// HTML, as descriptions carry it), elements nested N deep inside the item (XML), and tags nested N deep in escaped HTML.
/// </summary>
public static class HostileFeedSpeed
{
    public static int Run(int[] sizes)
    {
        Console.WriteLine("shape          repetitions  bytes        seconds  result");
        foreach (var (shape, build) in Shapes)
            foreach (var n in sizes)
            {
                var xml = Encoding.UTF8.GetBytes(build(n));
                Parse(xml); // JIT and caches warm on the same input size; the best of three parses is printed (the machine is shared)
                var best = double.MaxValue;
                var result = "";
                for (var run = 0; run < 3; run++)
                {
                    var started = Stopwatch.GetTimestamp();
                    result = Parse(xml);
                    best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
                }
                Console.WriteLine($"{shape,-14} {n,11:N0}  {xml.Length,11:N0}  {best,7:0.000}  {result}");
            }
        return 0;
    }

    private static string Parse(byte[] xml)
    {
        var feed = new FeedDefinition { Name = "hostile", Type = "rss", Location = "http://127.0.0.1/hostile" };
        try
        {
            var read = SyndicationParser.Parse(new MemoryStream(xml), feed, DateTimeOffset.UtcNow);
            return $"{read.Posts.Count} post(s), text {read.Posts.Sum(p => p.Text.Length):N0} chars";
        }
        catch (FeedException ex) { return "refused: " + (ex.Message.Length > 110 ? ex.Message[..110] + "…" : ex.Message); }
    }

    private static readonly (string Shape, Func<int, string> Build)[] Shapes =
    [
        ("script", n => Item("<description>Levothyrox " + Repeat("&lt;script&gt;", n) + " crampes</description>")),
        ("nested-xml", n => Item("<description>Levothyrox crampes</description>" + Repeat("<x>", n) + Repeat("</x>", n))),
        ("unclosed-lt", n => Item("<description>Levothyrox " + Repeat("&lt;a ", n) + " crampes</description>")),
        ("spaces", n => Item("<description>Levothyrox" + new string(' ', 10 * n) + "x crampes</description>")),
        ("nested-html", n => Item("<description>Levothyrox " + Repeat("&lt;div&gt;", n) + "crampes" + Repeat("&lt;/div&gt;", n) + "</description>")),
    ];

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static string Item(string inner) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title><link>http://forum.example/</link><description>d</description>"
        + $"<item><guid>hostile-1</guid><title>Levothyrox</title>{inner}</item></channel></rss>";
}
