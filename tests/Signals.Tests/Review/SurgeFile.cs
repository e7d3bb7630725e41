using System.Globalization;
using System.Text.Json;

namespace Signals.Tests.Review;

/// <summary>
/// A generated replay file: four quiet months of levothyroxine reports (one author every other day), then a ten-day
/// surge of distinct authors reporting adverse events, one of whose posts is hostile markup.
/// </summary>
internal static class SurgeFile
{
    public const string Hostile = "Depuis le nouveau Levothyrox j'ai des crampes et une fatigue terrible <script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
    public static readonly DateOnly SurgeStart = new(2017, 7, 1);
    public const int SurgeDays = 10;

    private static readonly string[] Texts =
    [
        "Since the new Levothyrox formula I get awful cramps and headaches every day",
        "Nouveau Levothyrox: je perds mes cheveux et j'ai des vertiges",
        "Levothyrox depuis 3 semaines, insomnie et palpitations",
        "Depuis le changement de Levothyrox je suis épuisée et j'ai des crampes",
    ];

    public static async Task<string> WriteAsync(string dir)
    {
        var path = Path.Combine(dir, "surge.jsonl");
        var lines = new List<string>();
        var n = 0;
        void Add(DateTime at, string text) => lines.Add(JsonSerializer.Serialize(new
        {
            id = $"surge-{++n:D5}",
            source = "generated",
            url = $"https://forum.example.net/t/{n}",
            author = $"user{n:D5}",
            createdAt = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            lang = text.StartsWith("Since", StringComparison.Ordinal) ? "en" : "fr",
            text,
        }));
        var start = SurgeStart.AddDays(-120).ToDateTime(TimeOnly.MinValue);
        for (var d = 0; d < 120; d += 2) Add(start.AddDays(d).AddHours(10), Texts[d / 2 % Texts.Length]);
        for (var d = 0; d < SurgeDays; d++)
        {
            var day = SurgeStart.AddDays(d).ToDateTime(TimeOnly.MinValue);
            var authors = 6 + 2 * d;
            for (var a = 0; a < authors; a++) Add(day.AddMinutes(30 + a * 40), Texts[(d + a) % Texts.Length]);
            if (d == 5) Add(day.AddHours(23), Hostile);
        }
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }
}
