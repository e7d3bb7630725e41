using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Signals.Review;

/// <summary>
/// A piece of HTML that is safe to write out. The only way to make one from values is <see cref="Of"/> with an
/// interpolated string: its literal parts are markup, every hole is HTML-encoded unless it is itself an
/// <see cref="Html"/>. So post text (hostile input: <c>&lt;script&gt;</c>, <c>&lt;img onerror&gt;</c>) can only ever reach
/// the page as text, and forgetting to encode is not possible.
/// </summary>
public readonly struct Html
{
    // Encodes &lt; &gt; &amp; quotes and apostrophes (so values are safe inside quoted attributes too), and keeps accented letters readable.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly string? _value;
    private Html(string value) => _value = value;

    public static Html Empty => new("");

    public static Html Of(HtmlBuilder builder) => new(builder.ToStringAndClear());

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p._value)));

    /// <summary>Markup written in this code base (never for values).</summary>
    internal static Html Trusted(string markup) => new(markup);

    public override string ToString() => _value ?? "";
}

[InterpolatedStringHandler]
public ref struct HtmlBuilder
{
    private StringBuilder _text;

    public HtmlBuilder(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

    public readonly void AppendLiteral(string markup) => _text.Append(markup);

    public readonly void AppendFormatted(Html html) => _text.Append(html.ToString());

    public readonly void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case IEnumerable<Html> parts: // a list of fragments (rows, options) is markup already
                foreach (var part in parts) _text.Append(part.ToString());
                break;
            case IFormattable f:
                Encode(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                Encode(value?.ToString());
                break;
        }
    }

    public readonly void AppendFormatted<T>(T value, string format) where T : IFormattable => Encode(value.ToString(format, CultureInfo.InvariantCulture));

    private readonly void Encode(string? value)
    {
        if (value is not null) _text.Append(Html.Encoder.Encode(value));
    }

    internal string ToStringAndClear()
    {
        var s = _text.ToString();
        _text = null!;
        return s;
    }
}
