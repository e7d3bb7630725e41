namespace Signals.Classification;

/// <summary>
/// A file of posts labelled with their category (TSV, header with <c>category</c> and <c>text</c>, optionally <c>lang</c>):
/// the evaluation set of the decision, e.g. tests/Signals.Tests/Classification/category-set.tsv. A bad row names its line.
/// </summary>
public static class CategorySet
{
    public sealed record Row(PostCategory Category, string Language, string Text);

    public static bool IsCategoryFile(string path) =>
        File.Exists(path) && (File.ReadLines(path).FirstOrDefault() ?? "").Split('\t').Any(h => h.Trim().Equals("category", StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<Row> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No category file at {Path.GetFullPath(path)}", path);
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? "").Split('\t').Select(h => h.Trim().ToLowerInvariant()).ToList();
        int category = header.IndexOf("category"), text = header.IndexOf("text"), lang = header.IndexOf("lang");
        if (category < 0 || text < 0) throw new InvalidDataException($"{path}: the header needs 'category' and 'text' columns");
        var rows = new List<Row>();
        var line = 1;
        for (var record = reader.ReadLine(); record is not null; record = reader.ReadLine())
        {
            line++;
            if (record.Length == 0) continue;
            var fields = record.Split('\t');
            if (fields.Length <= Math.Max(category, text)) throw new InvalidDataException($"{path} line {line}: too few columns");
            try
            {
                rows.Add(new Row(PostCategories.Parse(fields[category]), lang >= 0 && lang < fields.Length ? fields[lang].Trim() : "", fields[text]));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{path} line {line}: {ex.Message}", ex);
            }
        }
        return rows;
    }
}
