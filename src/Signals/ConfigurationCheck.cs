using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Signals;

/// <summary>A configuration section bound to an options class (recorded by <see cref="OptionsRegistration.AddValidatedOptions{TOptions}"/>).</summary>
public sealed record BoundSection(string Section, Type Options);

/// <summary>
/// Settings under <c>Signals:</c> that no options class binds: a misspelt key (<c>Provder</c>) would otherwise be ignored
/// and its default used in silence, such as the embedded store instead of PostgreSQL.
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>One message per unknown key, naming where it was set: the JSON file and its line (1-based), or the environment variable.</summary>
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration, IEnumerable<BoundSection> sections)
    {
        var bound = sections.ToList();
        var signals = configuration.GetSection("Signals").AsEnumerable().Select(pair => pair.Key).ToList();
        var unknown = signals
            .Where(key => !Known(key, bound))
            .Where(key => !signals.Any(other => other != key && key.StartsWith(other + ":", StringComparison.OrdinalIgnoreCase) && !Known(other, bound)))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(key => $"{Where(configuration, key)}unknown setting {key}{Suggestion(key, bound)}");
        // A near miss of the prefix itself (Signal__Storage__Provider) is bound by nothing and would be ignored in silence too.
        var misspeltRoots = configuration.GetChildren()
            .Where(c => !c.Key.Equals("Signals", StringComparison.OrdinalIgnoreCase) && Distance(c.Key.ToLowerInvariant(), "signals") <= 2)
            .SelectMany(c => c.AsEnumerable().Where(pair => pair.Value is not null).Select(pair => pair.Key))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(key => $"{Where(configuration, key)}unknown setting {key} (did you mean Signals{(key.Contains(':') ? key[key.IndexOf(':')..] : "")}?)");
        return [.. misspeltRoots, .. unknown];
    }

    private static bool Known(string key, List<BoundSection> bound)
    {
        if (bound.Any(b => b.Section.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)) || key.Equals("Signals", StringComparison.OrdinalIgnoreCase)) return true;
        var section = bound.FirstOrDefault(b => key.Equals(b.Section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(b.Section + ":", StringComparison.OrdinalIgnoreCase));
        if (section is null) return false;
        return KnownPath(section.Options, key[section.Section.Length..].Split(':', StringSplitOptions.RemoveEmptyEntries), 0);
    }

    /// <summary>
    /// Whether <paramref name="parts"/> from <paramref name="i"/> on name something of <paramref name="type"/>: a property, and under a
    /// dictionary any key then the value type's own properties (<c>Products:{id}:Threshold</c>, so <c>Products:{id}:Treshold</c> is caught),
    /// under a list an index then the element's. Nothing may follow a plain value.
    /// </summary>
    private static bool KnownPath(Type type, string[] parts, int i)
    {
        if (i == parts.Length) return true;
        if (Leaf(type)) return false;
        if (Generic(type, typeof(IDictionary<,>)) is { } dictionary) return KnownPath(dictionary.GetGenericArguments()[1], parts, i + 1);
        if (Generic(type, typeof(IEnumerable<>)) is { } list) return KnownPath(list.GetGenericArguments()[0], parts, i + 1);
        if (type == typeof(object)) return true;
        var property = type.GetProperty(parts[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && KnownPath(property.PropertyType, parts, i + 1);
    }

    private static Type? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type : null)
        ?? type.GetInterfaces().FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == definition);

    private static bool Leaf(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTimeOffset) || t == typeof(DateOnly));

    /// <summary>The nearest valid key where the misspelt one stands (" (did you mean Signals:Storage:Provider?)"), else the sections.</summary>
    private static string Suggestion(string key, List<BoundSection> bound)
    {
        var cut = key.LastIndexOf(':');
        var (parent, name) = (key[..cut], key[(cut + 1)..]);
        var candidates = PropertiesAt(parent, bound);
        if (candidates.Count == 0) return $" (sections: {string.Join(", ", bound.Select(b => b.Section).Order())})";
        return $" (did you mean {parent}:{Nearest(name, candidates)}?)";
    }

    /// <summary>The keys valid directly under <paramref name="parent"/>: an options class's properties, or the next part of a section's name.</summary>
    private static List<string> PropertiesAt(string parent, List<BoundSection> bound)
    {
        var sections = bound.Where(b => b.Section.StartsWith(parent + ":", StringComparison.OrdinalIgnoreCase))
            .Select(b => b.Section[(parent.Length + 1)..].Split(':')[0]).Distinct().ToList();
        if (sections.Count > 0) return sections;
        var section = bound.FirstOrDefault(b => parent.Equals(b.Section, StringComparison.OrdinalIgnoreCase) || parent.StartsWith(b.Section + ":", StringComparison.OrdinalIgnoreCase));
        if (section is null) return [];
        Type? type = section.Options;
        foreach (var part in parent[section.Section.Length..].Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (type is null || Leaf(type)) return [];
            if (Generic(type, typeof(IDictionary<,>)) is { } dictionary) type = dictionary.GetGenericArguments()[1];
            else if (Generic(type, typeof(IEnumerable<>)) is { } list) type = list.GetGenericArguments()[0];
            else type = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        }
        return type is null || Leaf(type) ? [] : [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name)];
    }

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance (case ignored).</summary>
    public static string Nearest(string name, IEnumerable<string> candidates) =>
        candidates.MinBy(c => Distance(name.ToLowerInvariant(), c.ToLowerInvariant()))!;

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static string Where(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root) return "";
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _) && !provider.GetChildKeys([], key).Any()) continue;
            if (provider is JsonConfigurationProvider { Source: { Path: { } path, FileProvider: { } files } })
            {
                var full = files.GetFileInfo(path).PhysicalPath ?? path;
                var name = $"\"{key[(key.LastIndexOf(':') + 1)..]}\"";
                var line = File.Exists(full) ? Array.FindIndex(File.ReadAllLines(full), l => l.Contains(name, StringComparison.OrdinalIgnoreCase)) + 1 : 0;
                return line > 0 ? $"{full}:{line}: " : $"{full}: ";
            }
            if (provider.GetType().Name.StartsWith("EnvironmentVariables", StringComparison.Ordinal)) return $"environment variable {key.Replace(":", "__")}: ";
            return "";
        }
        return "";
    }
}
