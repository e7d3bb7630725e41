using Microsoft.Extensions.Options;
using Signals.Classification;

namespace Signals.Tests.Classification;

public sealed class ClassifierTests
{
    private static string ShippedModel => Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip");

    [Test]
    public void A_model_trained_on_a_small_labelled_sample_separates_held_out_patient_sentences()
    {
        var data = TestPaths.Shared("data");
        var trained = new AdverseEventModelTrainer(TimeProvider.System).TrainOnSharedData(data, maxTrainingRows: 1200, folds: 2);
        var dir = TestPaths.TempDirectory();
        var path = Path.Combine(dir, "small.zip");
        trained.Save(path);

        var patient = trained.Card.HeldOut[0];
        Assert.That(patient.Split, Does.Contain("psytar"));
        Assert.That(patient.F1, Is.GreaterThan(0.5), patient.ToString());
        Assert.That(patient.Auc, Is.GreaterThan(0.75), patient.ToString());
        Assert.That(File.Exists(ModelCard.PathFor(path)), "the card is written beside the model");

        // Scored through the same class the worker uses.
        var classifier = new AdverseEventClassifier(path);
        var scores = classifier.Score(["I've had terrible nausea and headaches since I started taking it", "I picked up my prescription at the pharmacy today"]);
        Assert.That(scores[0], Is.GreaterThan(scores[1]));
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void A_sentence_split_puts_sentences_of_one_held_out_article_on_both_sides_and_the_document_split_never_does()
    {
        var data = TestPaths.Shared("data");
        var trainer = new AdverseEventModelTrainer(TimeProvider.System);
        var bySentence = trainer.TrainOnSharedData(data, maxTrainingRows: 400, folds: 2, unit: SplitUnit.Sentence, corpora: [TrainingCorpora.AdeCorpus]);
        var byArticle = trainer.TrainOnSharedData(data, maxTrainingRows: 400, folds: 2, corpora: [TrainingCorpora.AdeCorpus]);

        Assert.That(bySentence.Card.HeldOut.Select(m => m.Split), Is.EqualTo(new[] { "ade-corpus-v2 held-out sentences (random split: other sentences of the same article are in training)" }));
        Assert.That(bySentence.Card.Training.Select(t => t.Corpus), Is.EqualTo(new[] { TrainingCorpora.AdeCorpus }), "one corpus asked for, one trained on");
        Assert.That(bySentence.Card.Split, Does.Contain("by sentence"));
        Assert.That(byArticle.Card.HeldOut.Select(m => m.Split), Is.EqualTo(new[] { "ade-corpus-v2 held-out articles (case reports)" }));

        // What the two splits mean, on the corpus itself: held-out articles share no pmid with training; held-out sentences do.
        var rows = TrainingCorpora.LoadAdeCorpus(data);
        var sentences = TrainingCorpora.BySentence(rows);
        var articlesInTraining = rows.Where(r => !r.IsHeldOut).Select(r => r.Group).ToHashSet();
        Assert.That(rows.Where(r => r.IsHeldOut).Count(r => articlesInTraining.Contains(r.Group)), Is.Zero);
        var sentenceArticlesInTraining = sentences.Where(r => !r.IsHeldOut).Select(r => r.Group.Split('#')[0]).ToHashSet();
        Assert.That(sentences.Where(r => r.IsHeldOut).Count(r => sentenceArticlesInTraining.Contains(r.Group.Split('#')[0])), Is.GreaterThan(1000));
    }

    [Test]
    public void Shipped_model_loads_and_ranks_a_first_hand_report_above_a_refill()
    {
        var classifier = new AdverseEventClassifier(ShippedModel);
        var scores = classifier.Score(["I've been so exhausted and my hair is falling out since starting Levothyrox", "I picked up my Levothyrox prescription today"]);
        Assert.That(scores[0], Is.GreaterThan(scores[1] + 0.1));
        Assert.That(classifier.ModelVersion, Does.StartWith("adverse-event@"));
    }

    [Test]
    public void Shipped_model_card_holds_the_measured_metrics_and_sources()
    {
        var card = File.ReadAllText(ModelCard.PathFor(ShippedModel));
        Assert.That(card, Does.Contain("psytar").And.Contain("ade-corpus-v2").And.Contain("Zolnoori").And.Contain("Gurulingappa"));
        Assert.That(card, Does.Contain("\"f1\"").And.Contain("\"auc\"").And.Contain("\"truePositives\""));
    }

    [Test]
    public void Scoring_from_several_threads_at_once_gives_the_same_results()
    {
        var classifier = new AdverseEventClassifier(ShippedModel);
        string[] texts = ["crampes et fatigue", "my hair is falling out", "refill day", "terrible headaches since the switch"];
        var expected = classifier.Score(texts);
        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => classifier.Score(texts)).ToList();
        Assert.That(results, Has.All.EqualTo(expected));
    }

    private static readonly PostCues Statement = new(false, false, false, false, false, false, true);

    [TestCase(0.9f, 0, false, PostCategory.AdverseEvent)]
    [TestCase(0.3f, 1, false, PostCategory.Other)]            // an event word alone no longer makes a report: the model reads it
    [TestCase(0.3f, 0, true, PostCategory.ProductComplaint)]
    [TestCase(0.6f, 0, false, PostCategory.Other)]
    [TestCase(0.9f, 0, true, PostCategory.ProductComplaint)] // a jammed pen is not an adverse event, whatever the model says
    [TestCase(0.9f, 1, true, PostCategory.AdverseEvent)]     // a jammed pen and a rash the model believes: the event wins
    public void Category_combines_the_model_and_the_lexicons(float p, int events, bool complaint, PostCategory expected)
    {
        var categorizer = new PostCategorizer(Options.Create(new ClassificationOptions()));
        Assert.That(categorizer.Categorize(p, 0.8, Enumerable.Repeat("fatigue", events).ToList(), complaint, Statement), Is.EqualTo(expected));
    }

    [TestCase("Can I get the flu vaccine while on Stelara?", PostCategory.MedicalQuestion)]     // opens as a question: it asks, whatever P says
    [TestCase("Does Humira make you tired?", PostCategory.MedicalQuestion)]                    // no first person
    [TestCase("Il est encore bon ?", PostCategory.MedicalQuestion)]
    [TestCase("how long can humira stay out of the fridge", PostCategory.UsageQuestion)] // no question mark, as tweets are typed
    [TestCase("So tired since the switch.", PostCategory.AdverseEvent)]
    public void A_question_is_asked_not_reported(string text, PostCategory expected)
    {
        var categorizer = new PostCategorizer(Options.Create(new ClassificationOptions()));
        Assert.That(categorizer.Categorize(text, Signals.Matching.TextNormalizer.Tokens(text), 0.7f, 0.4, [], false), Is.EqualTo(expected));
    }

    [Test]
    public void A_question_that_tells_of_the_writers_own_event_is_a_report()
    {
        var categorizer = new PostCategorizer(Options.Create(new ClassificationOptions()));
        const string told = "I've had headaches every day since starting Zoloft, is that normal?";
        Assert.That(categorizer.Categorize(told, Signals.Matching.TextNormalizer.Tokens(told), 0.2f, 0.4, ["headache"], false), Is.EqualTo(PostCategory.AdverseEvent),
            "an event of the writer's own, with a causal word, even below the threshold");
        const string tips = "My GP switched me to Humira, any tips for the first weeks?";
        Assert.That(categorizer.Categorize(tips, Signals.Matching.TextNormalizer.Tokens(tips), 0.2f, 0.4, [], false), Is.EqualTo(PostCategory.MedicalQuestion),
            "no event and a model below its threshold (the shipped model gives it 0.18)");
        Assert.That(categorizer.Categorize(tips, Signals.Matching.TextNormalizer.Tokens(tips), 0.7f, 0.4, [], false), Is.EqualTo(PostCategory.AdverseEvent),
            "a trailing question after a first-person statement the model believes tells as much as it asks (\"lamictal made me a zombie, anyone else?\")");
    }

    [Test]
    public void The_model_threshold_counts_unless_the_settings_override_it()
    {
        Assert.That(new PostCategorizer(Options.Create(new ClassificationOptions())).Categorize(0.5f, 0.4, [], false, Statement), Is.EqualTo(PostCategory.AdverseEvent));
        Assert.That(new PostCategorizer(Options.Create(new ClassificationOptions { Threshold = 0.8 })).Categorize(0.5f, 0.4, [], false, Statement), Is.EqualTo(PostCategory.Other));
    }

    [Test]
    public void A_file_that_is_not_a_model_is_named_in_the_error()
    {
        var file = Path.Combine(TestPaths.TempDirectory(), "broken.zip");
        File.WriteAllText(file, "not a zip");
        var ex = Assert.Throws<InvalidDataException>(() => _ = new AdverseEventClassifier(file));
        Assert.That(ex!.Message, Does.Contain(file));
    }
}
