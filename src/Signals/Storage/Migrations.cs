using System.Reflection;
using System.Text.RegularExpressions;

namespace Signals.Storage;

/// <summary>The numbered <c>.sql</c> files of one engine, embedded in the assembly, in order.</summary>
public static partial class Migrations
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> For(string engine)
    {
        var assembly = typeof(Migrations).Assembly;
        var prefix = $"Migrations/{engine}/"; // LogicalName set in Signals.csproj
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Name: n[prefix.Length..], Resource: n))
            .Select(n => new Migration(Version(n.Name), n.Name, Read(assembly, n.Resource)))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static int Version(string name) =>
        Number().Match(name) is { Success: true } m ? int.Parse(m.Value) : throw new InvalidOperationException($"Migration '{name}' does not start with a number");

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^\d+")]
    private static partial Regex Number();
}
