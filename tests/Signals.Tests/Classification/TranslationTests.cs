using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Signals.Classification;
using Signals.Classification.Translation;

namespace Signals.Tests.Classification;

/// <summary>
/// French read through Apertium (fr→ca→en). The tests that translate need the Debian packages apertium, apertium-fra-cat and
/// apertium-eng-cat, which scripts/test.sh installs; without them they are reported as not run, saying so.
/// </summary>
public sealed class TranslationTests
{
    private const string LevothyroxFrench = "Depuis le nouveau Levothyrox je suis épuisée et j'ai des crampes toute la nuit";

    internal static void RequireApertium()
    {
        if (ApertiumProbe.WhyUnavailable("apertium") is { } reason)
            Assert.Ignore($"not run: Apertium is not installed ({reason}); scripts/test.sh installs apertium, apertium-fra-cat and apertium-eng-cat");
    }

    [Test]
    public async Task Apertium_gives_back_exactly_one_translation_per_post_whatever_the_posts_hold()
    {
        RequireApertium();
        string[] posts =
        [
            "4011 : la voiture rouge",
            "rouge",  // with a bare newline between posts, transfer moved this word into the post before ("the red red" / "car")
            "",
            "   ",
            "4015 : ligne un\nligne deux\n\nnouveau paragraphe",
            "4016 : <b>gras</b> & <a href=\"x\">lien</a> [x] ^a$ \\ / * @ {b}",
            "4017 : j'ai mal 😀🤢 #levothyrox @user",
            "4018 : un saut\fde page et un\0nul",
            "4019 : " + LevothyroxFrench,
        ];
        var translator = new ApertiumTranslator("apertium", TimeSpan.FromMinutes(2));
        var english = await translator.TranslateAsync(posts);

        Assert.That(english, Has.Count.EqualTo(posts.Length));
        Assert.That(english[0], Does.Contain("car").And.Contain("4011"));
        Assert.That(english[1], Is.EqualTo("red"), "a post's words stay in it");
        Assert.That(english[2], Is.Empty);
        Assert.That(english[3], Is.Empty);
        for (var i = 4; i < posts.Length; i++)
        {
            Assert.That(english[i], Does.StartWith($"{4011 + i}"), $"post {i} in its own slot");
            Assert.That(Enumerable.Range(4011, posts.Length).Count(n => english[i].Contains(n.ToString())), Is.EqualTo(1), $"no other post's words in post {i}: {english[i]}");
        }
        Assert.That(english[4], Does.Contain("\n"), "newlines inside a post are kept");
        Assert.That(english[6], Does.Contain("😀🤢"));
        Assert.That(english[8], Does.Contain("Levothyrox").And.Contain("night"));
    }

    [Test]
    public void A_translation_that_does_not_split_back_one_to_one_fails_the_whole_batch()
    {
        var encoded = ApertiumTranslator.Encode(["un", "deux\fdeux", "trois"]);
        Assert.That(encoded.Count(c => c == '\f'), Is.EqualTo(2), "a form feed inside a post is made a space");
        Assert.That(ApertiumTranslator.Decode(encoded, 3), Is.EqualTo(new[] { "un", "deux deux", "trois" }));
        Assert.Throws<TranslationFailedException>(() => ApertiumTranslator.Decode("one\n\n\f\n\ntwo", 3));
    }

    [Test]
    public void A_translated_French_post_gets_its_French_score_combined_with_the_English_models_score_of_its_translation()
    {
        RequireApertium();
        var path = ModelWithTranslation(weight: 0.7, threshold: 0.3);
        var model = AdverseEventModel.Load(path, new AdverseEventFeaturizer());
        var translation = new FrenchTranslation(new ApertiumTranslator("apertium", TimeSpan.FromMinutes(2)), null, new ListLogger());
        var classifier = new AdverseEventClassifier(path, translation: translation);
        const string english = "I picked up my Levothyrox prescription today";

        var scores = classifier.Classify([LevothyroxFrench, english], ["fr", "en"]).Probabilities;

        var translated = translation.Translator!.TranslateAsync([LevothyroxFrench]).GetAwaiter().GetResult()[0];
        var french = model.Score([LevothyroxFrench])[0];
        var englishPath = model.Score([translated])[0]; // what any English post gets: the model's English path
        Assert.That(scores[0], Is.EqualTo(model.Card!.Translation!.Combine(french, englishPath)).Within(1e-6));
        Assert.That(scores[0], Is.Not.EqualTo(french).Within(1e-3), "the translation changed the score");
        Assert.That(scores[1], Is.EqualTo(model.Score([english])[0]), "an English post is scored as before");
    }

    [Test]
    public void When_Apertium_crashes_or_is_too_slow_every_post_keeps_its_untranslated_score_and_it_is_logged_once()
    {
        var path = ModelWithTranslation(weight: 0.7, threshold: 0.3);
        var model = AdverseEventModel.Load(path, new AdverseEventFeaturizer());
        string[] texts = [LevothyroxFrench, "Je perds mes cheveux depuis que je prends du Roaccutane"];
        var untranslated = model.Score(texts);
        // /bin/false stands for an Apertium that dies at once; a real Apertium given 1 ms for the timeout.
        foreach (var translator in new[] { new ApertiumTranslator("/bin/false", TimeSpan.FromMinutes(1)), new ApertiumTranslator("apertium", TimeSpan.FromMilliseconds(1)) })
        {
            var logger = new ListLogger();
            var budget = new TranslationBudget(1, new FakeTimeProvider());
            var classifier = new AdverseEventClassifier(path, translation: new FrenchTranslation(translator, budget, logger));
            for (var batch = 0; batch < 3; batch++)
                Assert.That(classifier.Classify(texts, ["fr", "fr"]).Probabilities, Is.EqualTo(untranslated), translator.Apertium);
            Assert.That(logger.Lines.Count(l => l.Contains("scored untranslated")), Is.EqualTo(1), string.Join("\n", logger.Lines));
            Assert.That(budget.Fallbacks, Is.EqualTo(6), "each post of a failed batch counts as untranslated");
        }
    }

    [Test]
    public void After_a_long_translation_French_posts_are_scored_untranslated_and_counted_until_the_time_budget_is_back()
    {
        var time = new FakeTimeProvider();
        var budget = new TranslationBudget(0.25, time); // a quarter of the time: 5 s of credit at most (20 s' worth)
        var path = ModelWithTranslation(weight: 0.7, threshold: 0.3);
        // No translator is started for posts the budget refuses: /bin/false would fail any batch it was given.
        var classifier = new AdverseEventClassifier(path, translation: new FrenchTranslation(new ApertiumTranslator("/bin/false", TimeSpan.FromMinutes(1)), budget, new ListLogger()));
        Assert.That(budget.Take(3), Is.EqualTo(3), "credit at start");
        budget.Used(TimeSpan.FromSeconds(8)); // a translation that took 8 s: 3 s in debt

        classifier.Classify([LevothyroxFrench, LevothyroxFrench, LevothyroxFrench], null);
        Assert.That((budget.Translated, budget.Fallbacks), Is.EqualTo((0L, 3L)));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.That(budget.Take(5), Is.Zero, "11 s at a quarter repay 2.75 s of the 3");
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(budget.Take(5), Is.EqualTo(5), "the whole batch once there is credit");
        Assert.That(new TranslationBudget(0, time).Take(5), Is.Zero, "0 never translates");
    }

    [Test]
    public void Training_chooses_the_translation_weight_on_the_training_folds_and_the_model_file_keeps_it()
    {
        RequireApertium();
        var data = TestPaths.Shared("data");
        var trained = new AdverseEventModelTrainer(TimeProvider.System).TrainOnSharedData(data, maxTrainingRows: 800, folds: 2,
            corpora: [TrainingCorpora.SmmEnglish, TrainingCorpora.SmmFrench]);
        var samples = LabelledFile.Read(Path.Combine(TestPaths.RepoRoot, "samples", "french-labelled.tsv"));
        var chosen = TranslationTraining.Choose(trained, new ApertiumTranslator("apertium", TimeSpan.FromMinutes(10)), samples,
            new Dictionary<string, string> { ["apertium"] = "3.8.3-1+b2" });

        var card = chosen.Card.Translation!;
        Assert.That(card.Weight, Is.InRange(0.0, 1.0));
        Assert.That(card.ModelThreshold, Is.EqualTo(trained.Model.ThresholdFor(PostDomain.Social)));
        Assert.That(card.CrossValidated.Select(m => m.Split), Has.Some.Contains("untranslated").And.Some.Contains("with translation"));
        Assert.That(card.CrossValidated.First(m => m.Split.Contains("untranslated, at")).Examples, Is.EqualTo(
            trained.CrossValidation!.Rows.Count(r => r.Corpus == TrainingCorpora.SmmFrench)), "every smm4h-fr training post, out of fold");
        var path = Path.Combine(TestPaths.TempDirectory(), "translated.zip");
        chosen.Save(path);
        var loaded = AdverseEventModel.Load(path, new AdverseEventFeaturizer());
        Assert.That(loaded.Card!.Translation, Is.Not.Null);
        Assert.That((loaded.Card.Translation!.Weight, loaded.Card.Translation.Threshold, loaded.Card.Translation.Packages["apertium"]),
            Is.EqualTo((card.Weight, card.Threshold, "3.8.3-1+b2")));
    }

    [Test]
    public void The_weight_is_the_one_whose_mix_ranks_reports_best()
    {
        // The translation's score separates the reports, the French score does not: the mix must lean on the translation.
        var rows = Enumerable.Range(0, 40).Select(i => new TranslationTraining.Scored("a", i % 4 == 0, i % 2, French: (i * 7 % 10) / 10f, English: i % 4 == 0 ? 0.9f : 0.2f)).ToList();
        Assert.That(TranslationTraining.Fit(rows).Weight, Is.GreaterThanOrEqualTo(0.5));
        var flipped = rows.Select(r => r with { French = r.English, English = r.French }).ToList();
        Assert.That(TranslationTraining.Fit(flipped).Weight, Is.LessThanOrEqualTo(0.5));
    }

    /// <summary>The shipped n-gram model with a translation weight in its card, saved to a temporary file.</summary>
    internal static string ModelWithTranslation(double weight, double threshold)
    {
        var shipped = AdverseEventModel.Load(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"), new AdverseEventFeaturizer());
        var card = shipped.Card! with
        {
            Translation = new TranslationCard("test", new Dictionary<string, string>(), weight, threshold, shipped.Threshold, [], "test"),
        };
        var path = Path.Combine(TestPaths.TempDirectory(), "translating.zip");
        new AdverseEventModel(shipped.Linear, new AdverseEventFeaturizer(), card, "test", shipped.MiniLm, shipped.Graph).Save(path);
        return path;
    }

    internal sealed class ListLogger : ILogger<FrenchTranslation>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception));
        }
    }
}
