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
        return configuration.GetSection("Signals").AsEnumerable()
            .Select(pair => pair.Key)
            .Where(key => !Known(key, bound))
            .Where(key => !configuration.GetSection("Signals").AsEnumerable().Any(other => other.Key != key && key.StartsWith(other.Key + ":", StringComparison.OrdinalIgnoreCase) && !Known(other.Key, bound)))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(key => $"{Where(configuration, key)}unknown setting {key}{Suggestion(key, bound)}")
            .ToList();
    }

    private static bool Known(string key, List<BoundSection> bound)
    {
        if (bound.Any(b => b.Section.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)) || key.Equals("Signals", StringComparison.OrdinalIgnoreCase)) return true;
        var section = bound.FirstOrDefault(b => key.Equals(b.Section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(b.Section + ":", StringComparison.OrdinalIgnoreCase));
        if (section is null) return false;
        var type = section.Options;
        foreach (var part in key[section.Section.Length..].Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (type is null) return true; // under a dictionary or list: any name or index
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return false;
            type = property.PropertyType;
            if (Leaf(type)) type = typeof(void); // nothing may follow a value
            else if (typeof(IEnumerable).IsAssignableFrom(type)) type = null;
        }
        return type != typeof(void) || !key.EndsWith(':');
    }

    private static bool Leaf(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTimeOffset) || t == typeof(DateOnly));

    private static string Suggestion(string key, List<BoundSection> bound)
    {
        var parent = key[..key.LastIndexOf(':')];
        var section = bound.FirstOrDefault(b => b.Section.Equals(parent, StringComparison.OrdinalIgnoreCase));
        return section is null ? $" (sections: {string.Join(", ", bound.Select(b => b.Section).Order())})"
            : $" (keys of {section.Section}: {string.Join(", ", section.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name))})";
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
