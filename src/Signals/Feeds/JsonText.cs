using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Signals.Feeds;

/// <summary>
/// A JSON string value whatever it holds. System.Text.Json refuses to decode an escaped unpaired surrogate
/// (<c>"\ud800"</c>, valid JSON that hostile or truncating sources send) and throws; here such a value is unescaped by
/// hand, the surrogate kept for <see cref="PostLimits"/> to replace, so one odd status does not fail its whole page.
/// </summary>
public static class JsonText
{
    public static string? GetString(JsonElement value)
    {
        try { return value.GetString(); }
        catch (InvalidOperationException) { var raw = value.GetRawText(); return Unescape(Encoding.UTF8.GetBytes(raw[1..^1])); }
    }

    /// <summary>The string at the reader, or null when its bytes are not UTF-8 (the caller reports that).</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        try { return reader.GetString()!; }
        catch (InvalidOperationException) when (reader.ValueIsEscaped && !reader.HasValueSequence && System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) { return Unescape(reader.ValueSpan); }
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (raw.Length > 0)
        {
            var slash = raw.IndexOf((byte)'\\');
            var run = slash < 0 ? raw : raw[..slash];
            text.Append(Encoding.UTF8.GetString(run));
            if (slash < 0 || slash + 1 >= raw.Length) break;
            var code = raw[slash + 1];
            var used = 2;
            switch (code)
            {
                case (byte)'u' when slash + 6 <= raw.Length && int.TryParse(Encoding.ASCII.GetString(raw.Slice(slash + 2, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unit):
                    text.Append((char)unit); used = 6; break;
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                case (byte)'b': text.Append('\b'); break;
                case (byte)'f': text.Append('\f'); break;
                default: text.Append((char)code); break; // \" \\ \/
            }
            raw = raw[(slash + used)..];
        }
        return text.ToString();
    }
}
