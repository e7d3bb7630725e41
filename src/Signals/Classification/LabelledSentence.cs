using System.Security.Cryptography;
using System.Text;

namespace Signals.Classification;

/// <summary>
/// A labelled sentence of a training corpus; <see cref="Group"/> is its review or article (for a tweet or forum post,
/// the post itself), the unit of the train/test split; <see cref="Domain"/> is the kind of writing it is.
/// </summary>
public sealed record LabelledSentence(string Corpus, string Group, string Text, bool Label)
{
    public string Domain => TrainingCorpora.DomainOf(Corpus);

    /// <summary>
    /// One review's (or article's) sentences are alike, so the split is by group, never by
    /// sentence: a fifth of the groups, chosen by a stable hash, is held out.
    /// </summary>
    public bool IsHeldOut => SHA256.HashData(Encoding.UTF8.GetBytes(Corpus + "/" + Group))[0] % 5 == 0;

    /// <summary>
    /// A tenth of the training groups (byte 2 of the same hash) that the transformer fine-tune does not train on: the
    /// blend of the two models and its band are chosen there, out of sample for both. The n-gram model trains on them
    /// (its out-of-fold predictions are used). Never part of the held-out fifth.
    /// </summary>
    public bool IsDev => !IsHeldOut && SHA256.HashData(Encoding.UTF8.GetBytes(Corpus + "/" + Group))[2] % 10 == 0;
}

/// <summary>Reads the labelled corpora of ../shared/data (see each folder's README for source and licence).</summary>
public static class TrainingCorpora
{
    public const string PsyTar = "psytar";
    public const string AdeCorpus = "ade-corpus-v2";
    public const string SmmEnglish = "smm4h-en";
    public const string SmmFrench = "smm4h-fr";

    public static readonly IReadOnlyList<string> All = [PsyTar, AdeCorpus, SmmEnglish, SmmFrench];

    /// <summary>
    /// The kind of writing a corpus holds: the model reads it as a feature and keeps one decision threshold per domain.
    /// The worker reads social-media posts, so <see cref="PostDomain.Social"/> is what it scores with; CADEC reviews
    /// are <see cref="PostDomain.Review"/>; a data scientist's own files are social posts.
    /// </summary>
    public static string DomainOf(string corpus) => corpus switch
    {
        PsyTar or "cadec" => PostDomain.Review,
        AdeCorpus => PostDomain.CaseReport,
        _ => PostDomain.Social,
    };

    /// <summary>Each sentence its own group (review or article id kept before '#'), so a split by group is by sentence.</summary>
    public static IReadOnlyList<LabelledSentence> BySentence(IReadOnlyList<LabelledSentence> rows) =>
        rows.Select((r, i) => r with { Group = $"{r.Group}#{i}" }).ToList();

    public static IReadOnlyList<LabelledSentence> Load(string dataDir, string corpus) => corpus switch
    {
        PsyTar => LoadPsyTar(dataDir),
        AdeCorpus => LoadAdeCorpus(dataDir),
        SmmEnglish => LoadPosts(Path.Combine(dataDir, "smm4h-en", "smm4h2020-task2-en-train.tsv"), SmmEnglish),
        SmmFrench => LoadPosts(Path.Combine(dataDir, "smm4h-fr", "smm4h2026-task1-fr-dev.tsv"), SmmFrench),
        _ => throw new ArgumentException($"Unknown corpus '{corpus}' (use {string.Join(" or ", All)})", nameof(corpus)),
    };

    /// <summary>PsyTAR: patient-written review sentences (label, drug_id, …, text).</summary>
    public static IReadOnlyList<LabelledSentence> LoadPsyTar(string dataDir) =>
        ReadTsv(Path.Combine(dataDir, "psytar", "psytar-sentences.tsv"), PsyTar, labelColumn: 0, groupColumn: 1, textColumn: -1);

    /// <summary>ADE Corpus v2: case-report sentences (label, pmid, text).</summary>
    public static IReadOnlyList<LabelledSentence> LoadAdeCorpus(string dataDir) =>
        ReadTsv(Path.Combine(dataDir, "ade-corpus-v2", "ade-sentences.tsv"), AdeCorpus, labelColumn: 0, groupColumn: 1, textColumn: 2);

    /// <summary>
    /// SMM4H tweets or forum posts (label, text; Python-csv quoting). Each post is its own group, named by its text, so the
    /// held-out fifth is fixed by the posts themselves (a stable hash), whatever the order of the file.
    /// </summary>
    public static IReadOnlyList<LabelledSentence> LoadPosts(string path, string corpus)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Training data not found: {path} (the labelled corpora live in ../shared/data)", path);
        var rows = new List<LabelledSentence>();
        var line = 1;
        foreach (var record in File.ReadLines(path).Skip(1))
        {
            line++;
            var tab = record.IndexOf('\t');
            if (tab < 0) throw new InvalidDataException($"{path} line {line}: expected label<TAB>text");
            var text = Unquote(record[(tab + 1)..]).Trim();
            if (text.Length == 0) continue;
            rows.Add(new LabelledSentence(corpus, text, text, record[..tab].Trim() == "1"));
        }
        return rows;
    }

    private static string Unquote(string field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"") : field;

    private static List<LabelledSentence> ReadTsv(string path, string corpus, int labelColumn, int groupColumn, int textColumn)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Training data not found: {path} (the labelled corpora live in ../shared/data)", path);
        var rows = new List<LabelledSentence>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cols = line.Split('\t');
            if (cols.Length < 3) continue;
            var text = textColumn < 0 ? cols[^1] : cols[textColumn];
            if (string.IsNullOrWhiteSpace(text)) continue;
            rows.Add(new LabelledSentence(corpus, cols[groupColumn], text.Trim(), cols[labelColumn].Trim() == "1"));
        }
        return rows;
    }
}

/// <summary>The kinds of writing the model knows; each keeps its own decision threshold in the model card.</summary>
public static class PostDomain
{
    public const string Review = "review";
    public const string CaseReport = "case-report";
    public const string Social = "social";

    public static readonly IReadOnlyList<string> All = [Review, CaseReport, Social];
}
