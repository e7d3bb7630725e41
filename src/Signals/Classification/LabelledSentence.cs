using System.Security.Cryptography;
using System.Text;

namespace Signals.Classification;

/// <summary>A labelled sentence of a training corpus; <see cref="Group"/> is its review or article, the unit of the train/test split.</summary>
public sealed record LabelledSentence(string Corpus, string Group, string Text, bool Label)
{
    /// <summary>
    /// One review's (or article's) sentences are alike, so the split is by group, never by
    /// sentence: a fifth of the groups, chosen by a stable hash, is held out.
    /// </summary>
    public bool IsHeldOut => SHA256.HashData(Encoding.UTF8.GetBytes(Corpus + "/" + Group))[0] % 5 == 0;
}

/// <summary>Reads the labelled corpora of ../shared/data (see each folder's README for source and licence).</summary>
public static class TrainingCorpora
{
    public const string PsyTar = "psytar";
    public const string AdeCorpus = "ade-corpus-v2";

    public static readonly IReadOnlyList<string> All = [PsyTar, AdeCorpus];

    /// <summary>Each sentence its own group (review or article id kept before '#'), so a split by group is by sentence.</summary>
    public static IReadOnlyList<LabelledSentence> BySentence(IReadOnlyList<LabelledSentence> rows) =>
        rows.Select((r, i) => r with { Group = $"{r.Group}#{i}" }).ToList();

    public static IReadOnlyList<LabelledSentence> Load(string dataDir, string corpus) => corpus switch
    {
        PsyTar => LoadPsyTar(dataDir),
        AdeCorpus => LoadAdeCorpus(dataDir),
        _ => throw new ArgumentException($"Unknown corpus '{corpus}' (use {string.Join(" or ", All)})", nameof(corpus)),
    };

    /// <summary>PsyTAR: patient-written review sentences (label, drug_id, …, text).</summary>
    public static IReadOnlyList<LabelledSentence> LoadPsyTar(string dataDir) =>
        ReadTsv(Path.Combine(dataDir, "psytar", "psytar-sentences.tsv"), PsyTar, labelColumn: 0, groupColumn: 1, textColumn: -1);

    /// <summary>ADE Corpus v2: case-report sentences (label, pmid, text).</summary>
    public static IReadOnlyList<LabelledSentence> LoadAdeCorpus(string dataDir) =>
        ReadTsv(Path.Combine(dataDir, "ade-corpus-v2", "ade-sentences.tsv"), AdeCorpus, labelColumn: 0, groupColumn: 1, textColumn: 2);

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
