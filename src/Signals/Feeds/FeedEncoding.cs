using System.Text;
using System.Text.RegularExpressions;

namespace Signals.Feeds;

/// <summary>
/// Turns a feed's bytes into text whatever its encoding. Feeds in the wild come in every
/// encoding, often mislabelled, so the order is: a byte-order mark; the document's own XML
/// declaration (written by the same software as the bytes) unless it claims UTF-8 over bytes
/// that are not; UTF-8 when the bytes are valid UTF-8 (non-ASCII text that is valid UTF-8 by
/// chance is vanishingly rare); else the HTTP charset; else Windows-1252, the superset of
/// ISO-8859-1 that undeclared Western feeds are in practice.
/// </summary>
public static partial class FeedEncoding
{
    static FeedEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // windows-1251, koi8-r, iso-8859-x…

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The decoded text and the encoding chosen; an unknown declared charset is a <see cref="FeedException"/> naming the feed.</summary>
    public static (string Text, Encoding Encoding) Decode(ReadOnlySpan<byte> bytes, string? httpCharset, FeedDefinition feed)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (Encoding.UTF8.GetString(bytes[3..]), Encoding.UTF8);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (Encoding.Unicode.GetString(bytes[2..]), Encoding.Unicode);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (Encoding.BigEndianUnicode.GetString(bytes[2..]), Encoding.BigEndianUnicode);

        var declared = DeclaredEncoding(bytes) is { } name ? Named(name, feed) : null;
        if (declared is not null and not UTF8Encoding and not ASCIIEncoding) return (declared.GetString(bytes), declared);
        if (IsUtf8(bytes)) return (Encoding.UTF8.GetString(bytes), Encoding.UTF8);
        // Declared UTF-8 (or nothing) over bytes that are not UTF-8: the HTTP charset if it names another, else Windows-1252.
        var fallback = TryNamed(httpCharset) is { } http and not UTF8Encoding and not ASCIIEncoding ? http : Encoding.GetEncoding(1252);
        return (fallback.GetString(bytes), fallback);
    }

    private static Encoding? TryNamed(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        try { return Encoding.GetEncoding(name.Trim().Trim('"', '\'')); }
        catch (ArgumentException) { return null; }
    }

    private static Encoding Named(string name, FeedDefinition feed) =>
        TryNamed(name) ?? throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): unsupported character encoding '{name}'");

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        try { StrictUtf8.GetCharCount(bytes); return true; }
        catch (DecoderFallbackException) { return false; }
    }

    private static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 256)]);
        var match = XmlDeclaration().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")]
    private static partial Regex XmlDeclaration();
}
