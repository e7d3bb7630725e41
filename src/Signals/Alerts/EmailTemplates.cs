using System.Globalization;
using System.Text.Json;
using DotLiquid;
using MimeKit;

namespace Signals.Alerts;

/// <summary>
/// One e-mail's Liquid templates (DotLiquid) from config/templates — NAME.subject.liquid,
/// NAME.txt.liquid, NAME.html.liquid — and the words of labels.LANG.json, parsed once at start
/// (a broken template stops start-up with its path). The HTML template gets a copy of the model
/// with every string already HTML-encoded, so no template can forget to escape a post.
/// </summary>
public sealed class EmailTemplates
{
    private readonly Template _subject;
    private readonly Template _text;
    private readonly Template _html;

    public EmailTemplates(EmailOptions options, string name)
    {
        var dir = options.TemplatesPath;
        _subject = Load(dir, $"{name}.subject.liquid");
        _text = Load(dir, $"{name}.txt.liquid");
        _html = Load(dir, $"{name}.html.liquid");
        var labels = Path.Combine(dir, $"labels.{options.Language}.json");
        try { Labels = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(labels)) ?? []; }
        catch (Exception ex) when (ex is IOException or JsonException) { throw new InvalidDataException($"{labels}: {ex.Message}", ex); }
        Language = options.Language;
    }

    public IReadOnlyDictionary<string, string> Labels { get; }
    public string Language { get; }

    /// <summary>Renders subject, text and HTML into a body builder; <paramref name="model"/> also gets <c>t</c> (the labels) and <c>language</c>.</summary>
    public (string Subject, BodyBuilder Body) Render(Dictionary<string, object?> model)
    {
        model["t"] = Labels.ToDictionary(p => p.Key, p => (object?)p.Value);
        model["language"] = Language;
        var plain = Hash.FromDictionary(model);
        var body = new BodyBuilder { TextBody = Render(_text, plain), HtmlBody = Render(_html, Hash.FromDictionary((Dictionary<string, object?>)HtmlEncoded(model)!)) };
        return (Render(_subject, plain).ReplaceLineEndings(" ").Trim(), body);
    }

    private static string Render(Template template, Hash model) =>
        template.Render(new RenderParameters(CultureInfo.InvariantCulture) { LocalVariables = model, ErrorsOutputMode = ErrorsOutputMode.Rethrow });

    /// <summary>A copy of the model with every string HTML-encoded (only the five markup characters: the part is UTF-8, so accents stay as written).</summary>
    private static object? HtmlEncoded(object? value) => value switch
    {
        string s => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;"),
        Dictionary<string, object?> d => d.ToDictionary(p => p.Key, p => HtmlEncoded(p.Value)),
        IEnumerable<Dictionary<string, object?>> list => list.Select(HtmlEncoded).ToList(),
        _ => value,
    };

    private static Template Load(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        try { return Template.Parse(File.ReadAllText(path)); }
        catch (Exception ex) when (ex is IOException or DotLiquid.Exceptions.SyntaxException) { throw new InvalidDataException($"{path}: {ex.Message}", ex); }
    }
}
