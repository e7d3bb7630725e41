using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Signals.Feeds;

/// <summary>
/// The replay format, one object a line:
/// <c>{"id","source","url","author","createdAt","lang","text"}</c>. id, createdAt and text are
/// required; the rest may be missing.
/// </summary>
public static class JsonLinesPost
{
    public const string DefaultSource = "replay";

    /// <summary>
    /// Parses one line as read from a file: a trailing CR and a UTF-8 byte-order mark are dropped, and a blank line is
    /// no post and no error (returns false). Otherwise returns true with the post, or with null and the reason.
    /// </summary>
    public static bool TryParseLine(ReadOnlySpan<byte> line, out Post? post, out string? error)
    {
        var trimmed = line.TrimEnd((byte)'\r');
        if (trimmed.StartsWith("\uFEFF"u8)) trimmed = trimmed[3..]; // a UTF-8 byte-order mark, as Windows editors write
        if (trimmed.IsEmpty || trimmed.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
        {
            (post, error) = (null, null);
            return false;
        }
        post = Parse(trimmed, out error);
        return true;
    }

    /// <summary>Parses one line. On failure returns null and says why in <paramref name="error"/> (without the line number: the caller knows it).</summary>
    /// <remarks>
    /// A forward-only read of the object, no document built: this runs on every post of a firehose, before the
    /// lexicon has said whether the post matters. Unknown properties are skipped; a repeated one counts as last written.
    /// </remarks>
    public static Post? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip(); // malformed JSON still says so
                error = "not a JSON object";
                return null;
            }
            string? id = null, source = null, url = null, author = null, lang = null, text = null, created = null;
            DateTimeOffset? createdAt = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8)) id = Value(ref reader);
                else if (reader.ValueTextEquals("text"u8)) text = Value(ref reader);
                else if (reader.ValueTextEquals("createdAt"u8)) (created, createdAt) = Instant(ref reader);
                else if (reader.ValueTextEquals("source"u8)) source = Value(ref reader);
                else if (reader.ValueTextEquals("url"u8)) url = Value(ref reader);
                else if (reader.ValueTextEquals("author"u8)) author = Value(ref reader);
                else if (reader.ValueTextEquals("lang"u8)) lang = Value(ref reader);
                else { reader.Read(); reader.Skip(); }
            }
            if (string.IsNullOrWhiteSpace(id)) { error = "missing \"id\""; return null; }
            if (string.IsNullOrWhiteSpace(text)) { error = "missing \"text\""; return null; }
            if (createdAt is null)
            {
                error = string.IsNullOrWhiteSpace(created) ? "missing \"createdAt\"" : $"\"createdAt\" is not an ISO-8601 date: {created}";
                return null;
            }

            return new Post(
                Source: source is { Length: > 0 } ? source : DefaultSource,
                ExternalId: id,
                Url: url,
                Author: author,
                CreatedAt: createdAt.Value,
                Language: lang,
                Text: text);
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON ({ex.Message})";
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // The reader checks a string's bytes only when it is decoded: invalid UTF-8 surfaces here, not as JsonException.
            error = $"invalid UTF-8 ({ex.Message})";
            return null;
        }
    }

    /// <summary>A string as written, a number as its digits; anything else (objects, arrays, null) is no value.</summary>
    private static string? Value(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return JsonText.GetString(ref reader);
            case JsonTokenType.Number: return Encoding.UTF8.GetString(reader.ValueSpan);
            default: reader.Skip(); return null;
        }
    }

    /// <summary>
    /// The instant of createdAt in UTC (null when missing or unreadable) and, when it had to be parsed leniently, its text. ISO-8601 with Z or an offset — what every
    /// reader writes — is read straight from the bytes; anything else goes through the lenient parser, a date without
    /// offset being UTC.
    /// </summary>
    private static (string? Text, DateTimeOffset? Instant) Instant(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && HasOffset(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var fast))
            return (null, fast.ToUniversalTime());
        reader.Skip();
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            _ => null,
        };
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? (text, parsed.ToUniversalTime())
            : (text, null);
    }

    private static bool HasOffset(ReadOnlySpan<byte> value) =>
        value.Length > 10 && (value[^1] == (byte)'Z' || (value.Length > 16 && value[^6] is (byte)'+' or (byte)'-' && value[^3] == (byte)':'));
}
