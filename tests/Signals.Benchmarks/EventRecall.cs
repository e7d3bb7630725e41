using System.Text.Json;
using Signals.Classification;
using Signals.Matching;

namespace Signals.Benchmarks;

/// <summary>
/// How often the event lexicon names an event where patients reported one, on texts it was not built from: the held-out
/// fifth (<see cref="LabelledSentence.IsHeldOut"/>, the classifier's split) of CADEC posts and PsyTAR reviews — each
/// annotated adverse-reaction mention, and each post or sentence marked as reporting one — and of the SMM4H English tweets
/// labelled as adverse-effect reports (no spans there: a tweet counts when the matcher names any event in it).
/// <c>--baseline FILE</c> prints the same for another lexicon (the one before a change) beside it; the training four fifths
/// are printed too, since phrases are chosen there. <c>--misses FILE</c> writes the training tweets and mentions still
/// unnamed, to read while choosing phrases (outside the repository: the corpora are research-only).
/// Run: dotnet run -c Release --project tests/Signals.Benchmarks -- event-recall [--lexicon config/events.json] [--baseline FILE] [--data ../shared/data]
/// </summary>
internal static class EventRecall
{
    private sealed record Set(string Name, bool HeldOut, IReadOnlyList<string> Texts);

    public static int Run(string lexicon, string? baseline, string data, string? misses)
    {
        var sets = Sets(data);
        var after = new EventMatcher(EventLexicon.Load(lexicon));
        var before = baseline is null ? null : new EventMatcher(EventLexicon.Load(baseline));
        Console.WriteLine($"event recall: share of texts in which the matcher names an event ({lexicon}{(baseline is null ? "" : $"; before: {baseline}")})");
        foreach (var set in sets)
        {
            var now = Named(after, set.Texts);
            var then = before is null ? "" : $"  before {Named(before, set.Texts):P1} →";
            Console.WriteLine($"{(set.HeldOut ? "held out" : "training"),-9} {set.Name,-58} n={set.Texts.Count,5}{then} {now:P1}");
        }
        if (misses is not null)
            File.WriteAllLines(misses, sets.Where(s => !s.HeldOut && !s.Name.Contains("NO adverse")).SelectMany(s => s.Texts.Where(t => after.Match(t).Count == 0).Select(t => $"{s.Name}\t{t.ReplaceLineEndings(" ")}")));
        return 0;
    }

    private static double Named(EventMatcher events, IReadOnlyList<string> texts) => texts.Count == 0 ? 0 : (double)texts.Count(t => events.Match(t).Count > 0) / texts.Count;

    private static List<Set> Sets(string data)
    {
        var cadecMentions = new Dictionary<bool, List<string>> { [true] = [], [false] = [] };
        var cadecPosts = new Dictionary<bool, List<string>> { [true] = [], [false] = [] };
        foreach (var line in File.ReadLines(Path.Combine(data, "cadec", "cadec-posts.jsonl")))
        {
            using var post = JsonDocument.Parse(line);
            var heldOut = new LabelledSentence("cadec", post.RootElement.GetProperty("post").GetString()!, "", true).IsHeldOut;
            var any = false;
            foreach (var entity in post.RootElement.GetProperty("entities").EnumerateArray())
                if (entity.GetProperty("type").GetString() == "ADR") { cadecMentions[heldOut].Add(entity.GetProperty("text").GetString()!); any = true; }
            if (any) cadecPosts[heldOut].Add(post.RootElement.GetProperty("text").GetString()!);
        }
        var psytarMentions = File.ReadLines(Path.Combine(data, "adr-lay-phrases", "psytar-adr-mentions.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Where(c => c.Length >= 3).ToLookup(c => new LabelledSentence("psytar", c[0], "", true).IsHeldOut, c => c[2]);
        var psytar = TrainingCorpora.LoadPsyTar(data).Where(r => r.Label).ToLookup(r => r.IsHeldOut, r => r.Text);
        var smm = TrainingCorpora.Load(data, TrainingCorpora.SmmEnglish);
        var tweets = smm.Where(r => r.Label).ToLookup(r => r.IsHeldOut, r => r.Text);
        // The price: tweets labelled as no adverse effect in which an event is named all the same (an indication, a joke).
        var others = smm.Where(r => !r.Label).ToLookup(r => r.IsHeldOut, r => r.Text);
        var sets = new List<Set>();
        foreach (var heldOut in new[] { true, false })
        {
            sets.Add(new("CADEC adverse-reaction mentions", heldOut, cadecMentions[heldOut]));
            sets.Add(new("CADEC posts with an adverse-reaction mention", heldOut, cadecPosts[heldOut]));
            sets.Add(new("PsyTAR adverse-reaction mentions", heldOut, psytarMentions[heldOut].ToList()));
            sets.Add(new("PsyTAR sentences marked ADR or withdrawal", heldOut, psytar[heldOut].ToList()));
            sets.Add(new("SMM4H English tweets labelled adverse effect", heldOut, tweets[heldOut].ToList()));
            sets.Add(new("SMM4H English tweets labelled NO adverse effect (the price)", heldOut, others[heldOut].ToList()));
        }
        return sets;
    }
}
