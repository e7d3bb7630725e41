using System.Globalization;
using System.Text;

namespace Signals.Classification.Transformer;

/// <summary>
/// The rows the transformer fine-tune reads (scripts/fine-tune-minilm.py), written by <c>signals train --transformer-rows DIR</c>:
/// corpus, domain, part (train, dev or held-out, the trainer's own split), fold (the n-gram cross-validation's fold of a row
/// that is not held out, so the transformer's fold fine-tunes leave out the same rows; "-" for held-out rows), label and the WordPiece ids of
/// <see cref="MiniLmBase.Tokenize"/> — token ids, not texts, so the script needs no tokenizer of its own and cannot
/// drift from the one that scores posts; with them the base ONNX graph, which the script rebuilds in PyTorch.
/// The folder holds research-only material in another form: keep it out of the repository (the script's default is /tmp).
/// </summary>
public static class FineTuneRows
{
    public const string RowsFile = "rows.tsv";
    public const string BaseFile = "minilm.onnx";

    public static (int Rows, int Train, int Dev, int HeldOut) Write(string folder, IEnumerable<LabelledSentence> rows, int folds = AdverseEventModelTrainer.DefaultFolds)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, BaseFile), MiniLmBase.Model);
        int total = 0, train = 0, dev = 0, heldOut = 0;
        using var writer = new StreamWriter(Path.Combine(folder, RowsFile), false, new UTF8Encoding(false));
        writer.WriteLine("corpus\tdomain\tpart\tfold\tlabel\tids");
        foreach (var row in rows)
        {
            string part;
            if (row.IsHeldOut) { part = "held-out"; heldOut++; }
            else if (row.IsDev) { part = "dev"; dev++; }
            else { part = "train"; train++; }
            total++;
            var fold = row.IsHeldOut ? "-" : AdverseEventModelTrainer.FoldOf(row, folds).ToString(CultureInfo.InvariantCulture);
            var ids = string.Join(' ', MiniLmBase.Tokenize(row.Text).Select(i => i.ToString(CultureInfo.InvariantCulture)));
            writer.WriteLine($"{row.Corpus}\t{row.Domain}\t{part}\t{fold}\t{(row.Label ? 1 : 0)}\t{ids}");
        }
        return (total, train, dev, heldOut);
    }
}
