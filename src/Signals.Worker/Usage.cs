namespace Signals.Worker;

/// <summary>
/// The verbs' usage: <c>signals --help</c> lists them all, <c>signals VERB --help</c> one. The synopses are those of the
/// README's verbs table (a test compares them), so the two cannot drift apart.
/// </summary>
internal static class Usage
{
    private sealed record Verb(string Name, string Synopsis, string Help);

    private static readonly Verb[] Verbs =
    [
        new("run", "run", "the worker (the default verb): polls the feeds of config/feeds.json, classifies, stores, judges each complete\nday and e-mails alerts; waits for an unreachable database; SIGTERM or Ctrl+C stops it"),
        new("replay", "replay FILE...", "streams JSON Lines posts (files or folders) through the pipeline, then judges each day in order and\ndispatches as if live; idempotent; exit 65 when a file or line was skipped, 69 when the database went away"),
        new("alerts", "alerts [--json]", "lists alerts: id, product, event, first/last day, observed, expected, threshold, delivery status"),
        new("alerts", "alerts resend ID", "delivers an alert again on purpose (a new Message-Id, so the copy is kept)"),
        new("fetch", "fetch --type rss|atom|mastodon|reddit|bluesky|jetstream|jsonl --url URL [--limit N]", "reads a feed once and prints its posts as JSON Lines (the replay format); exit 69 naming the URL when it\ncannot be read"),
        new("health", "health [--live]", "asks the running worker's health endpoint; exit 0 when ready (or live with --live)"),
        new("digest", "digest [--day yyyy-MM-dd]", "sends that day's digest of open alert episodes now (once a day at most)"),
        new("migrate", "migrate", "applies the numbered SQL migrations of the configured engine and exits; exit 69 when the database\ncannot be reached"),
        new("classify", "classify [--model FILE] [--features] [TEXT...]", "what the pipeline makes of each text (arguments, or one a line on stdin), one JSON object a line;\n--features adds the masked text and the lexicon counts the model read"),
        new("detect", "detect --series F.csv [--out F.csv] [--threshold S]", "runs the detector prospectively on series_id,t,date,count rows"),
        new("train", "train [--data FILE]... [--verdicts] [--out FILE] [--folds N] [--max-rows N] [--corpus psytar|ade-corpus-v2] [--split document|sentence] [--transformer FILE [--transformer-folds DIR]] [--transformer-rows DIR]",
            "trains the adverse-event classifier: with no --data on ../shared/data (--data DIR for another folder laid out\nthe same way), with --data FILE (repeatable; TSV/CSV/JSONL with label and text) on those files; --verdicts adds the\nstore's verdicts (split by author; a fifth held out); --out where\nthe model goes (default models/adverse-event.candidate.zip, beside the live model, which stays unchanged; the\ncandidate is compared with it on the same held-out rows); --folds for cross-validation (default 4); --max-rows caps\nthe rows read; --corpus one shared corpus; --split sentence holds out random sentences (for comparison only);\n--transformer FILE ships the fine-tuned int8 MiniLM beside the n-gram model, --transformer-folds DIR\n(fold-0.onnx.. one fine-tune per fold) chooses their blend on out-of-fold scores of every training row, and\n--transformer-rows DIR writes the fine-tune's input (all used by scripts/fine-tune.sh); with Apertium installed it also chooses the weight\nof a French post's English translation on the training folds"),
        new("evaluate", "evaluate [--model FILE] [--data FILE|DIR] [--write-card]", "a model's metrics as JSON at its own threshold on a labelled file, or on the held-out splits of\n../shared/data plus CADEC and the French sample; --write-card writes the decision's held-out metrics\ninto the card beside the model (the decision's lexicon and cues change without retraining)"),
        new("forget", "forget --author HANDLE [--author HANDLE]...", "a data-subject request: computes the author's pseudonym with the key, deletes that author's stored texts\nand links (the pseudonym is replaced by a random one, so counts stay) and logs it"),
        new("review", "review [--port N]", "serves the review page alone over the configured store: alerts, all evidence posts, verdicts and statuses\n(docs/review.md); --hash-password hashes a password read on stdin for Signals:Review:Users"),
        new("promote", "promote [--candidate FILE]", "ships the candidate train wrote (models/adverse-event.candidate.zip): copies it and its card over\nmodels/adverse-event.zip, which a running worker hot-loads"),
        new("learning-curve", "learning-curve --pool POOL.tsv --test TEST.tsv --strategy uncertainty|random --steps 50,100,200,400 [--seed N] [--model FILE] [--batch N]",
            "simulates an analyst answering the review queue with the pool file's labels: from the shipped model (or --model),\nthe queue's own choice picks --batch posts at a time (default the queue's size), they are learned as verdicts, and one\nJSON line per step gives the worker decision's f1, precision, recall and auc on TEST; then the elapsed time"),
        new("export-verdicts", "export-verdicts --out FILE.tsv", "writes the posts analysts judged whose text is still kept, as label<TAB>text<TAB>verdict for train --data"),
    ];

    public static bool Knows(string verb) => Verbs.Any(v => v.Name == verb);

    public static int Print(TextWriter to, int exitCode, string? error = null)
    {
        if (error is not null) to.WriteLine($"signals: {error}");
        to.WriteLine("usage: signals [verb] [arguments]     (signals VERB --help for one verb)");
        foreach (var verb in Verbs) to.WriteLine($"  {verb.Synopsis}");
        to.WriteLine("configuration: config/appsettings.json, overridden by Signals__Section__Key environment variables");
        to.WriteLine(ExitCodes);
        return exitCode;
    }

    public const string ExitCodes = "exit codes: 0 ok, 64 usage, 65 input data, 66 no such input (file, alert), 69 unavailable (database, feed, port), 75 store in use, 78 configuration";

    /// <summary>A usage mistake in one verb's arguments: one line, and where the verb's usage is, not every verb's.</summary>
    public static int Error(TextWriter to, string verb, string error, int exitCode = 64)
    {
        to.WriteLine($"signals {verb}: {error} (signals {verb} --help)");
        return exitCode;
    }

    /// <summary>One verb's usage and what it does, on stdout (asked for) or stderr (after a usage error).</summary>
    public static int PrintVerb(TextWriter to, string name, int exitCode = 0)
    {
        foreach (var verb in Verbs.Where(v => v.Name == name))
        {
            to.WriteLine($"usage: signals {verb.Synopsis}");
            foreach (var line in verb.Help.Split('\n')) to.WriteLine($"  {line}");
        }
        return exitCode;
    }
}
