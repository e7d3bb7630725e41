using System.Globalization;
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

    /// <summary>Parses one line. On failure returns null and says why in <paramref name="error"/> (without the line number: the caller knows it).</summary>
    public static Post? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "not a JSON object"; return null; }

            var id = Text(root, "id");
            var text = Text(root, "text");
            var created = Text(root, "createdAt");
            if (string.IsNullOrWhiteSpace(id)) { error = "missing \"id\""; return null; }
            if (string.IsNullOrWhiteSpace(text)) { error = "missing \"text\""; return null; }
            if (string.IsNullOrWhiteSpace(created)) { error = "missing \"createdAt\""; return null; }
            if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
            {
                error = $"\"createdAt\" is not an ISO-8601 date: {created}";
                return null;
            }

            return new Post(
                Source: Text(root, "source") is { Length: > 0 } s ? s : DefaultSource,
                ExternalId: id,
                Url: Text(root, "url"),
                Author: Text(root, "author"),
                CreatedAt: createdAt.ToUniversalTime(),
                Language: Text(root, "lang"),
                Text: text);
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON ({ex.Message})";
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
