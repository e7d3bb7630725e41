using System.Reflection;

namespace Signals.Tests.Docs;

/// <summary>The configuration table (docs/configuration.md, linked from the README) stays in step with the options classes: every key they bind is documented, and no documented key is gone.</summary>
public sealed class ReadmeConfigurationTests
{
    /// <summary>Every options class (it declares its configuration <c>Section</c>) and the keys it binds.</summary>
    private static IEnumerable<string> Keys() =>
        typeof(Signals.Storage.StorageOptions).Assembly.GetTypes()
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null && t.Section.StartsWith("Signals:", StringComparison.Ordinal))
            .SelectMany(t => t.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => $"{t.Section}:{p.Name}"));

    private static List<string> TableRows() =>
        File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "docs", "configuration.md")).Where(l => l.StartsWith("| `Signals:", StringComparison.Ordinal)).ToList();

    /// <summary>A row documents a key by its full name, or as a further `Name` in a row of the same section (`Signals:Email:SmtpPort`, `SmtpSecurity`).</summary>
    private static bool Documented(string key, List<string> rows)
    {
        var section = key[..key.LastIndexOf(':')];
        var name = key[(key.LastIndexOf(':') + 1)..];
        return rows.Any(r => r.Contains($"`{key}`", StringComparison.Ordinal)
            || r.Split('|')[1] is var cell && cell.Contains($"`{section}:", StringComparison.Ordinal) && cell.Contains($"`{name}`", StringComparison.Ordinal));
    }

    [Test]
    public void Every_configuration_key_is_in_the_readme()
    {
        var keys = Keys().ToList();
        Assert.That(keys, Has.Count.GreaterThan(30), "the options classes were found");
        var rows = TableRows();
        Assert.That(keys.Where(k => !Documented(k, rows)), Is.Empty, "keys missing from the configuration table in docs/configuration.md");
    }

    [Test]
    public void Every_key_the_readme_documents_exists()
    {
        var keys = Keys().ToHashSet();
        var documented = TableRows().Select(r => r.Split('|')[1].Trim().Split(',')[0].Trim().Trim('`'));
        Assert.That(documented.Where(k => !keys.Contains(k)), Is.Empty, "docs/configuration.md rows naming keys that no options class binds");
    }
}
