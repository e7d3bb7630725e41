namespace Signals.Feeds;

/// <summary>
/// Where each entry of the feeds file (and each of its keys) starts, 1-based, so that a message about feeds[2].interval names
/// the line an operator opens. System.Text.Json keeps no positions once parsed, hence this small scan (strings, escapes and
/// the comments the file may hold are skipped).
/// </summary>
internal static class FeedsFileLines
{
    /// <summary>For each object at depth 3 (<c>{"feeds": [ {…} ]}</c>): "" → its line, and each key (lower case) → its line.</summary>
    public static List<Dictionary<string, int>> Of(string text)
    {
        var entries = new List<Dictionary<string, int>>();
        Dictionary<string, int>? current = null;
        int depth = 0, line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/') { while (i + 1 < text.Length && text[i + 1] != '\n') i++; }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                for (i += 2; i + 1 < text.Length && !(text[i] == '*' && text[i + 1] == '/'); i++) if (text[i] == '\n') line++;
                i++;
            }
            else if (c == '"')
            {
                var start = ++i;
                for (; i < text.Length && text[i] != '"'; i++) if (text[i] == '\\') i++;
                var j = i + 1;
                while (j < text.Length && char.IsWhiteSpace(text[j]) && text[j] != '\n') j++;
                if (depth == 3 && current is not null && j < text.Length && text[j] == ':') current.TryAdd(text[start..Math.Min(i, text.Length)].ToLowerInvariant(), line);
            }
            else if (c is '{' or '[')
            {
                depth++;
                if (c == '{' && depth == 3) entries.Add(current = new Dictionary<string, int> { [""] = line });
            }
            else if (c is '}' or ']') depth--;
        }
        return entries;
    }

    /// <summary>The line of the entry's key, else of the entry, else 1.</summary>
    public static int Line(List<Dictionary<string, int>> entries, int entry, string key) =>
        entry < entries.Count ? entries[entry].GetValueOrDefault(key.ToLowerInvariant(), entries[entry][""]) : 1;
}
