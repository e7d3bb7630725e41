namespace Signals.Worker;

internal static class Usage
{
    public static int Print(TextWriter to, int exitCode, string? error = null)
    {
        if (error is not null) to.WriteLine($"signals: {error}");
        to.WriteLine("""
            usage: signals [verb] [arguments]
              run                      the worker: poll config/feeds.json, detect, e-mail alerts (default)
              replay FILE...           ingest JSON Lines posts day by day as if live, detecting and dispatching
              alerts [--json]          list alerts and their delivery state
              alerts resend ID         deliver an alert again, on purpose
              digest [--day D]         send the day's digest of open alerts now
              health [--live]          ask the running worker's health endpoint; exit 0 when ready (or live)
              fetch --type rss|atom|mastodon|reddit|bluesky|jetstream|jsonl --url U [--limit N]  read a feed once, print its posts as JSON Lines
              migrate                  apply database migrations and exit
              classify [--model F] [--features] [TEXT...]  products, events, P(adverse event), category as JSON (texts
                                       from stdin when none); --features adds what the model read (masked text, lexicon counts)
              detect --series F.csv [--out F.csv] [--threshold S]  run the detector prospectively on daily series
              train [--data FILE...] [--out FILE] [--trainer T] [--corpus C] [--split document|sentence]
                                       retrain the adverse-event classifier (../shared/data, or labelled files)
              evaluate [--model FILE] [--data FILE|DIR]  a classifier's metrics as JSON (labelled file or held-out splits)
              review [--port N]        serve the review page alone (alerts, evidence posts, verdicts); --hash-password: hash stdin
              export-verdicts --out F.tsv  analysts' verdicts on posts still kept, as label<TAB>text<TAB>verdict for train --data
            configuration: config/appsettings.json, overridden by Signals__Section__Key environment variables
            """);
        return exitCode;
    }
}
