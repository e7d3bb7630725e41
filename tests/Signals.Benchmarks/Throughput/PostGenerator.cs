using System.Text;
using System.Text.Json;

namespace Signals.Benchmarks.Throughput;

/// <summary>
/// Writes a synthetic firehose in the replay format (JSON Lines), the same for a given seed and count.
/// </summary>
/// <remarks>
/// What it imitates, so the numbers mean something for a public stream:
/// <list type="bullet">
/// <item>Lengths: log-normal around a median of ~90 characters (most posts on X and Bluesky are one or two short
/// sentences), capped at 280; one post in twenty is a long Reddit/Mastodon-style text of 300–1,500 characters.</item>
/// <item>Languages: 60 % English, 18 % French, then Spanish, German, Portuguese and Japanese (non-Latin script, so
/// folding and tokenising meet more than ASCII).</item>
/// <item>Noise: links, @mentions, hashtags, emoji, accents, elongations ("soooo"), upper case.</item>
/// <item>Mentions: a share of posts (<c>mentionRate</c>, 2 % by default) names a watched product — as written, in upper
/// case, as a hashtag or with one typo — and half of those also describe an adverse event in the post's language. Those
/// posts are written in French with probability <c>mentionFrench</c> (30 % by default: a French product's patients, as in
/// the Levothyrox crisis) and in English otherwise, so the transformer and the translation both meet their share.</item>
/// <item>Identity: ids <c>g000000001…</c>, sources <c>x</c> (90 %) and <c>bluesky</c>, 500,000 distinct authors, and
/// timestamps 1/6,000 s apart from 2024-03-01T00:00Z, the rate of X's whole public stream.</item>
/// </list>
/// The mentioned names are <see cref="SyntheticCatalog.CoreNames"/>, present in every catalog the benchmark builds and
/// in config/products.json, so every catalog size sees the same matches.
/// </remarks>
public sealed class PostGenerator(int seed = PostGenerator.DefaultSeed, double mentionRate = 0.02, double mentionFrench = 0.3)
{
    public const int DefaultSeed = 20170715;
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(seed);

    public void Write(string path, long count)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var text = new StringBuilder(2048);
        for (long i = 0; i < count; i++)
        {
            var mention = _random.NextDouble() < mentionRate;
            var code = mention && _random.NextDouble() < mentionFrench ? "fr" : "en";
            var language = mention ? Vocabulary.All.First(v => v.Code == code) : Language();
            text.Clear();
            Compose(text, language, mention);
            var id = $"g{i:D9}";
            var x = _random.NextDouble() < 0.9;
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("source", x ? "x" : "bluesky");
            json.WriteString("url", x ? $"https://x.com/i/status/{id}" : $"https://bsky.app/profile/user/post/{id}");
            json.WriteString("author", $"user{_random.Next(500_000)}");
            json.WriteString("createdAt", Start.AddTicks(i * TimeSpan.TicksPerSecond / 6_000));
            json.WriteString("lang", language.Code);
            json.WriteString("text", text.ToString().TrimEnd());
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            stream.WriteByte((byte)'\n');
        }
    }

    private Vocabulary Language()
    {
        var r = _random.NextDouble();
        foreach (var v in Vocabulary.All)
        {
            if (r < v.Share) return v;
            r -= v.Share;
        }
        return Vocabulary.All[0];
    }

    private void Compose(StringBuilder text, Vocabulary language, bool mention)
    {
        var target = _random.NextDouble() < 0.05
            ? _random.Next(300, 1_500)
            : (int)Math.Clamp(Math.Exp(Math.Log(90) + 0.6 * Gaussian()), 12, 280);
        if (_random.NextDouble() < 0.2) text.Append('@').Append(Pick(language.Words)).Append(_random.Next(1000)).Append(' ');
        var mentionAt = mention ? _random.Next(0, Math.Max(1, target / 2)) : -1;
        var capital = true;
        while (text.Length < target || mentionAt >= 0)
        {
            if (mentionAt >= 0 && text.Length >= mentionAt)
            {
                text.Append(Mention()).Append(' ');
                if (_random.NextDouble() < 0.5) text.Append(Pick(language.Events)).Append(' ');
                mentionAt = -1;
                continue;
            }
            var word = Pick(language.Words);
            if (capital) { text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1); capital = false; }
            else if (_random.NextDouble() < 0.02) text.Append(word.ToUpperInvariant());
            else if (_random.NextDouble() < 0.01) text.Append(word).Append(word[^1], 4); // elongation
            else text.Append(word);
            var r = _random.NextDouble();
            if (r < 0.08) { text.Append(_random.NextDouble() < 0.7 ? ". " : "! "); capital = true; }
            else if (r < 0.12) text.Append(", ");
            else if (language.Code != "ja") text.Append(' ');
        }
        if (_random.NextDouble() < 0.10) text.Append(" #").Append(Pick(language.Words));
        if (_random.NextDouble() < 0.05) text.Append(' ').Append(Pick(Emoji));
        if (_random.NextDouble() < 0.15) text.Append(" https://t.co/").Append(_random.Next().ToString("x8"));
    }

    private string Mention()
    {
        var name = Pick(SyntheticCatalog.CoreNames);
        var r = _random.NextDouble();
        if (r < 0.1) return name.ToUpperInvariant();
        if (r < 0.2) return "#" + name.ToLowerInvariant();
        if (r < 0.3 && name.Length >= 7)
        {
            // One typo as patients type them: a letter dropped or two swapped (matched by the one-typo index).
            var at = _random.Next(1, name.Length - 2);
            return _random.NextDouble() < 0.5 ? name.Remove(at, 1) : string.Concat(name.AsSpan(0, at), name.AsSpan(at + 1, 1), name.AsSpan(at, 1), name.AsSpan(at + 2));
        }
        return name;
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static readonly string[] Emoji = ["😂", "🙏", "❤️", "😭", "🔥", "👍", "😡", "🤒"];
}
