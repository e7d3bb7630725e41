using System.Text;
using System.Text.Json;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Detection;

/// <summary>
/// Issue 15: the Levothyrox crisis was a level shift, not a spike. A seeded replay of that shape — levothyroxine adverse-event
/// posts at about 4 authors a day, 30 a day for ten weeks from 15 July, then 4 again; metformin and sertraline flat at about 2 a day; English
/// and French — goes through the real executable, and the analyst must get one episode for the whole surge, stored as over
/// once the level is back, and no other signal while it lasts.
/// </summary>
public sealed class LevelShiftReplayTests
{
    private static readonly DateOnly Start = new(2017, 4, 1), Onset = new(2017, 7, 15), End = new(2017, 10, 20);
    private static readonly DateOnly SurgeEnd = Onset.AddDays(70); // first day back at the old level
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    private sealed record AlertRow(long Id, string Product, string? Event, string FirstDay, string LastDay, int Observed, string Status, string? ClosedOn);

    [Test]
    public async Task A_ten_week_level_shift_is_one_episode_that_closes_after_the_level_falls_back_on_sqlite()
    {
        var worker = new WorkerProcess(_dir);
        await AssertOneEpisodeAsync(worker);
    }

    [Test]
    public async Task A_ten_week_level_shift_is_one_episode_that_closes_after_the_level_falls_back_on_postgresql()
    {
        var database = await TestEnvironment.CreateDatabaseAsync("levelshift");
        try
        {
            var worker = new WorkerProcess(_dir);
            worker.Environment["Signals__Storage__Provider"] = "postgres";
            worker.Environment["Signals__Storage__ConnectionString"] = database;
            worker.Environment["Signals__Storage__PseudonymKey"] = "level-shift-test-secret-of-32-bytes-at-least";
            await AssertOneEpisodeAsync(worker);
        }
        finally
        {
            await TestEnvironment.DropDatabaseAsync(database);
        }
    }

    private async Task AssertOneEpisodeAsync(WorkerProcess worker)
    {
        var replay = Path.Combine(_dir, "level-shift.jsonl");
        await File.WriteAllTextAsync(replay, Generate(seed: 15));
        var (exit, stdout, stderr) = await worker.RunAsync("replay", replay);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);

        var (listExit, json, listErr) = await worker.RunAsync("alerts", "--json");
        Assert.That(listExit, Is.EqualTo(0), listErr);
        var alerts = JsonSerializer.Deserialize<List<AlertRow>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var summary = string.Join("\n", alerts.Select(a => $"{a.Product}/{a.Event} {a.FirstDay}..{a.LastDay} {a.Status} closed {a.ClosedOn}"));

        // The crisis: every levothyroxine product alert that starts from the surge's first days on.
        var episodes = alerts.Where(a => a.Product == "levothyroxine" && a.Event is null && DateOnly.Parse(a.FirstDay) >= Onset.AddDays(-3)).ToList();
        Assert.That(episodes, Has.Count.EqualTo(1), "one levothyroxine episode for the whole surge\n" + summary);
        var episode = episodes[0];
        var (first, last) = (DateOnly.Parse(episode.FirstDay), DateOnly.Parse(episode.LastDay));
        Assert.That(first, Is.InRange(Onset, Onset.AddDays(3)), "opened in the surge's first days");
        Assert.That(last, Is.InRange(SurgeEnd.AddDays(-3), SurgeEnd.AddDays(3)), "open until the level falls back\n" + summary);
        Assert.That(episode.ClosedOn, Is.Not.Null, "its end is stored once the counts are back\n" + summary);
        var closed = DateOnly.Parse(episode.ClosedOn!);
        Assert.That(closed, Is.EqualTo(last.AddDays(15)), "after the 14 quiet days");

        bool During(AlertRow a) => DateOnly.Parse(a.FirstDay) >= first && DateOnly.Parse(a.FirstDay) < closed;
        var levothyroxineEvents = alerts.Where(a => a.Product == "levothyroxine" && a.Event is not null && During(a)).ToList();
        Assert.That(levothyroxineEvents.Select(a => a.Status), Has.All.EqualTo("covered").And.Not.Empty,
            "the events rising with it are evidence in its e-mails, never a new signal\n" + summary);
        Assert.That(alerts.Where(a => a.Product != "levothyroxine" && During(a)), Is.Empty, "metformin and sertraline stay silent while it lasts\n" + summary);

        // E-mails are named alert-{id}-…; updates carry "-update-". One "new signal" for the crisis, whatever else the year brought.
        var crisis = alerts.Where(a => a.Product == "levothyroxine" && During(a)).Select(a => $"alert-{a.Id}-").ToList();
        var emails = Directory.GetFiles(worker.OutboxPath, "*.eml").Select(Path.GetFileName).Where(e => crisis.Any(c => e!.StartsWith(c, StringComparison.Ordinal))).ToList();
        var firsts = emails.Where(e => !e!.Contains("-update-") && !e.Contains("-closed")).ToList();
        Assert.That(firsts, Has.Count.EqualTo(1), "one 'new signal' e-mail for the crisis: " + string.Join(", ", emails));
        Assert.That(emails.Count(e => e!.Contains("-closed")), Is.EqualTo(1), "one closing e-mail once its end is stored: " + string.Join(", ", emails));
        // Updates and the closing e-mail are replies in the first e-mail's thread, not new signals.
        var opening = MimeKit.MimeMessage.Load(Path.Combine(worker.OutboxPath, firsts[0]!));
        foreach (var reply in emails.Where(e => e!.Contains("-update-") || e.Contains("-closed")))
            Assert.That(MimeKit.MimeMessage.Load(Path.Combine(worker.OutboxPath, reply!)).InReplyTo, Is.EqualTo(opening.MessageId), reply);
    }

    /// <summary>The replay file: distinct authors, EN and FR, seeded so a failure can be rerun as it was.</summary>
    private static string Generate(int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        var id = 0;
        for (var day = Start; day <= End; day = day.AddDays(1))
        {
            var surge = day >= Onset && day < SurgeEnd;
            Write("levothyroxine", Poisson(random, surge ? 30 : 4), surge);
            Write("metformin", Poisson(random, 2), false);
            Write("sertraline", Poisson(random, 2), false);

            void Write(string product, int authors, bool inSurge)
            {
                for (var a = 0; a < authors; a++)
                {
                    var fr = random.NextDouble() < (inSurge ? 0.75 : 0.5);
                    var (names, templates, events) = fr ? (French[product], inSurge ? SurgeFr : ReportsFr, EventsFr) : (English[product], inSurge ? SurgeEn : ReportsEn, EventsEn);
                    var e = events.OrderBy(_ => random.Next()).Take(2).ToArray();
                    var text = string.Format(templates[random.Next(templates.Length)], names[random.Next(names.Length)], e[0], e[1]);
                    var at = day.ToDateTime(new TimeOnly(8 + random.Next(12), random.Next(60)), DateTimeKind.Utc);
                    sb.Append(JsonSerializer.Serialize(new
                    {
                        id = $"shift-{++id}", source = "level-shift-test", url = $"https://example.org/shift/{id}", author = $"author-{id}",
                        createdAt = at.ToString("yyyy-MM-ddTHH:mm:ssZ"), lang = fr ? "fr" : "en", text,
                    })).Append('\n');
                }
            }
        }
        return sb.ToString();
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }

    private static readonly Dictionary<string, string[]> English = new()
    {
        ["levothyroxine"] = ["Levothyrox", "levothyroxine", "Synthroid"], ["metformin"] = ["metformin", "Glucophage"], ["sertraline"] = ["sertraline", "Zoloft"],
    };
    private static readonly Dictionary<string, string[]> French = new()
    {
        ["levothyroxine"] = ["Levothyrox", "lévothyroxine"], ["metformin"] = ["metformine", "Glucophage"], ["sertraline"] = ["sertraline", "Zoloft"],
    };
    private static readonly string[] ReportsEn = ["Started {0} three weeks ago and since then {1}.", "Anyone else on {0} getting {1}? Started last month.", "Since my dose of {0} went up, {1} and {2}."];
    private static readonly string[] ReportsFr = ["Depuis que j'ai commencé le {0}, {1}.", "Sous {0} depuis trois semaines et {1}, c'est normal ?", "Depuis l'augmentation de dose de {0} : {1} et {2}."];
    private static readonly string[] SurgeEn = ["Since the new {0} formula {1} and {2}. Anyone else in France?", "My mum switched to the new {0} and since then {1} and {2}."];
    private static readonly string[] SurgeFr = ["Depuis le nouveau {0} {1} et {2}. Je ne suis pas la seule ?", "Nouvelle formule du {0} : {1}, {2}... je n'en peux plus.",
        "Depuis le changement de formule du {0}, {1} et {2}. Mon médecin ne me croit pas."];
    private static readonly string[] EventsEn = ["I'm exhausted all the time", "terrible headaches", "my hair is falling out", "awful leg cramps", "heart palpitations at night", "I can't sleep", "dizzy spells"];
    private static readonly string[] EventsFr = ["je suis épuisée", "des maux de tête terribles", "je perds mes cheveux", "des crampes partout", "des palpitations la nuit", "insomnie totale", "des vertiges"];
}
