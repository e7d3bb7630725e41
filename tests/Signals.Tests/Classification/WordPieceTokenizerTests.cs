using System.Diagnostics;
using System.Text.Json;
using Signals.Classification.Transformer;

namespace Signals.Tests.Classification;

/// <summary>
/// The worker's WordPiece tokenizer gives MiniLM the ids BERT's reference tokenizer gives (the tokenization MiniLM was
/// pretrained with), on tweets written for this test with the characters that trip tokenizers up: symbols, underscores,
/// emoji, accents, URLs, hashtags, CJK. The fine-tune reads the ids the worker writes (FineTuneRows), so fine-tune and
/// worker cannot differ; this test is what keeps both equal to the pretraining's.
/// </summary>
public sealed class WordPieceTokenizerTests
{
    private static readonly string[] Tweets =
    [
        "my_new_meds made me $$$ poorer & dizzy :( #sideeffects",
        "levothyrox 75µg -> 100µg = cramps+fatigue | 2 weeks ~ awful ^^",
        "😩😩 can't sleep on this prednisone 🙃 @doc_smith help!!!",
        "Sertraline 50mg: nausea>3days, <1 week? €12.50 © pharma™",
        "Le nouveau Lévothyrox m'a donné des crampes… épuisée 😭 #levothyrox",
        "https://t.co/AbC_123 xanax_bar lol 💊💊",
        "gonal-f pen jammed 🖊️ again!!! (3rd time) — anyone else?",
        "頭痛 after 薬? weird",
        "tab\there\nnewline\u00a0nbsp\u200bzero-width",
        "",
        "supercalifragilisticexpialidociousmedicationnamethatislongerthananyvocabularyentryeverwrittenbyanybodyatallanywhereintheworld",
        "CAPS LOCK ANGER at METFORMIN!!! diarrhea 24/7",
    ];

    [Test]
    public void The_worker_tokenizes_tweets_with_symbols_underscores_and_emoji_as_BERTs_reference_tokenizer()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            var vocab = Path.Combine(dir, "vocab.txt");
            File.WriteAllBytes(vocab, MiniLmBase.Vocabulary);
            var info = new ProcessStartInfo("/usr/bin/python3",
                [Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "bert_reference_tokenizer.py"), "--vocab", vocab, "--max-tokens", "32"])
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            foreach (var tweet in Tweets) process.StandardInput.WriteLine(JsonSerializer.Serialize(tweet));
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(0), process.StandardError.ReadToEnd());
            var expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(expected, Has.Length.EqualTo(Tweets.Length));
            for (var i = 0; i < Tweets.Length; i++)
                Assert.That(string.Join(' ', MiniLmBase.Tokenizer.Encode(Tweets[i], 32)), Is.EqualTo(expected[i]), Tweets[i]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void Underscores_and_symbols_are_tokens_and_an_emoji_is_unknown_rather_than_dropped()
    {
        var tokenizer = MiniLmBase.Tokenizer;
        Assert.That(WordPieceTokenizer.BasicTokens("my_meds cost $5 😩"), Is.EqualTo(new[] { "my", "_", "meds", "cost", "$", "5", "😩" }));
        var ids = tokenizer.Encode("so tired 😩", 64);
        Assert.That(ids, Has.Length.EqualTo(5), "[CLS] so tired [UNK] [SEP]");
        Assert.That(ids[3], Is.EqualTo(tokenizer.Unknown));
        Assert.That(WordPieceTokenizer.BasicTokens("Fièvre ÉNORME"), Is.EqualTo(new[] { "fievre", "enorme" }));
    }

    [Test]
    public void A_long_post_is_cut_to_the_cap_and_still_ends_with_the_separator()
    {
        var ids = MiniLmBase.Tokenize(string.Join(' ', Enumerable.Repeat("headache", 200)), 64);
        Assert.That(ids, Has.Length.EqualTo(64));
        Assert.That(ids[^1], Is.EqualTo(MiniLmBase.Tokenizer.Separator));
        Assert.That(ids[0], Is.EqualTo(MiniLmBase.Tokenizer.Classifier));
    }
}
