using Microsoft.Extensions.Options;
using Signals.Classification;
using Signals.Classification.Transformer;

namespace Signals.Tests.Classification;

/// <summary>
/// The cue rules ("X gave me", an event with "I" and "since", an injection-site reaction) were written for the n-gram model;
/// for a post the fused model scored they count only from the rule floor the training chose on dev rows, and a post is
/// French for the transformer when its feed says so, else by the worker's guess — the same test translation makes.
/// </summary>
public sealed class RuleFloorTests
{
    private static readonly Lazy<AdverseEventModel> Shipped = new(() =>
        AdverseEventModel.Load(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"), new AdverseEventFeaturizer()));

    // A statement in the first person with the writer's own experience ("gave me"): the cue rules would make it a report.
    private static readonly PostCues Told = new(false, false, false, false, false, false, true, Experience: true);

    [TestCase(0.15f, 0f, PostCategory.AdverseEvent)]   // floor 0 (the n-gram model's posts): the rules count at any score
    [TestCase(0.15f, 0.2f, PostCategory.Other)]        // below the floor the fused model's "no" stands
    [TestCase(0.25f, 0.2f, PostCategory.AdverseEvent)] // from the floor up the rules still tip it
    [TestCase(0.45f, 0.2f, PostCategory.AdverseEvent)] // over the threshold: the model alone
    public void The_cue_rules_count_only_from_the_rule_floor_up(float probability, float floor, PostCategory expected)
    {
        var categorizer = new PostCategorizer(Options.Create(new ClassificationOptions()));
        Assert.That(categorizer.Categorize(probability, 0.4, [], false, Told, floor), Is.EqualTo(expected));
    }

    [Test]
    public void The_shipped_model_chose_a_rule_floor_that_does_not_cost_its_decision_where_it_was_chosen()
    {
        var model = Shipped.Value;
        var blend = model.Blend(PostDomain.Social);
        Assert.That(blend, Is.Not.Null, "the shipped model fuses MiniLM for social posts");
        Assert.That(blend!.RuleFloor, Is.Not.Null.And.InRange(0, blend.Threshold));
        var metrics = model.Card!.Transformer!.Dev;
        var any = metrics.Single(m => m.Split.Contains(" social: worker decision, cue rules at any score"));
        var floored = metrics.Single(m => m.Split.Contains($" social: worker decision, cue rules from {blend.RuleFloor:0.00}"));
        Assert.That(floored.F1, Is.GreaterThanOrEqualTo(any.F1), "a floor is chosen only where it does not lose F1 on the rows it was chosen on");
    }

    [Test]
    public void A_fused_post_carries_the_rule_floor_and_a_post_read_as_French_none()
    {
        var model = Shipped.Value;
        var blend = model.Blend(PostDomain.Social)!;
        string[] texts = ["levothyrox gave me cramps and my hair is falling out", "depuis le nouveau levothyrox je suis épuisée et j'ai des crampes"];

        var guessed = model.Score(texts);
        Assert.That(guessed.RuleFloor(0), Is.EqualTo((float)blend.RuleFloor!.Value), "the English post is fused");
        Assert.That(guessed.RuleFloor(1), Is.EqualTo(0f), "the French post is the n-gram model's: the rules count at any score");
        Assert.That(guessed[1], Is.EqualTo(blend.NgramOnly(model.ScoreNgram(texts)[1])).Within(1e-6));

        // The feed's language tag decides before the guess: an English text tagged French is not read by MiniLM.
        var tagged = model.Score(texts, languages: ["fr", null]);
        Assert.That(tagged[0], Is.EqualTo(blend.NgramOnly(model.ScoreNgram(texts)[0])).Within(1e-6));
        Assert.That(tagged.RuleFloor(0), Is.EqualTo(0f));
        Assert.That(tagged[0], Is.Not.EqualTo(guessed[0]), "the fused score differs from the n-gram one");
    }
}
