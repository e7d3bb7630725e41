using System.Text;
using System.Text.Json;

namespace Signals.Classification;

/// <summary>
/// Reads a data scientist's labelled file: TSV or CSV with a header naming <c>label</c> (1 = adverse event,
/// 0 = not) and <c>text</c> columns, or JSON Lines with <c>label</c> and <c>text</c>. A bad row names its line.
/// </summary>
public static class LabelledFile
{
    public static IReadOnlyList<LabelledSentence> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No labelled file at {Path.GetFullPath(path)}", path);
        var name = Path.GetFileName(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" => ReadJsonLines(path, name),
            ".csv" => ReadDelimited(path, name, ','),
            _ => ReadDelimited(path, name, '\t'),
        };
    }

    private static List<LabelledSentence> ReadDelimited(string path, string name, char separator)
    {
        var rows = new List<LabelledSentence>();
        using var reader = new StreamReader(path);
        var header = Split(reader.ReadLine() ?? "", separator);
        var label = Array.FindIndex(header, h => h.Equals("label", StringComparison.OrdinalIgnoreCase));
        var text = Array.FindIndex(header, h => h.Equals("text", StringComparison.OrdinalIgnoreCase));
        if (label < 0 || text < 0) throw new InvalidDataException($"{path}: the header needs 'label' and 'text' columns");
        var line = 1;
        for (var record = reader.ReadLine(); record is not null; record = reader.ReadLine())
        {
            line++;
            if (record.Length == 0) continue;
            var fields = Split(record, separator);
            if (fields.Length <= Math.Max(label, text)) throw new InvalidDataException($"{path} line {line}: too few columns");
            rows.Add(new LabelledSentence(name, $"line{line}", fields[text], Label(fields[label], path, line)));
        }
        return rows;
    }

    private static List<LabelledSentence> ReadJsonLines(string path, string name)
    {
        var rows = new List<LabelledSentence>();
        var line = 0;
        foreach (var record in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(record)) continue;
            try
            {
                using var doc = JsonDocument.Parse(record);
                var root = doc.RootElement;
                var value = root.GetProperty("label");
                var labelText = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString();
                rows.Add(new LabelledSentence(name, $"line{line}", root.GetProperty("text").GetString() ?? "", Label(labelText, path, line)));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path} line {line}: {ex.Message}", ex);
            }
        }
        return rows;
    }

    private static bool Label(string value, string path, int line) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        _ => throw new InvalidDataException($"{path} line {line}: label '{value}' is not 1/0"),
    };

    /// <summary>Splits one line on the separator; for CSV, double-quoted fields may hold the separator and "" for a quote.</summary>
    private static string[] Split(string line, char separator)
    {
        if (separator == '\t') return line.Split('\t');
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
