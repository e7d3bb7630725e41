using Microsoft.Extensions.Options;

namespace Signals.Classification;

/// <summary>
/// Decides what a post is from the model's probability, the event lexicon and the cues of <see cref="PostCues"/>, in this order:
/// <list type="number">
/// <item>A question is a report only when the writer tells of an event of their own ("lamictal made me a zombie, anyone
/// else?"); otherwise it is a usage question (storing, injecting, a missed dose) or a medical question. The model
/// learned from statements: "Can I keep my pen out of the fridge?" scores like trouble with a drug.</item>
/// <item>A denial ("never had a single side effect") or an improvement ("my hair stopped falling out") is not a report,
/// whatever words of events it holds.</item>
/// <item>A product defect (device, packaging, quality: "pen jammed", "comprimés cassés") without a reported event is a complaint.</item>
/// <item>An injection-site reaction is a report (the model saw few of them).</item>
/// <item>Otherwise the probability decides, from the threshold of the model that gave it (or the configured override), or the
/// writer's own experience: "X gave me", "me donne", "depuis que je prends" (<see cref="PostCues.Experience"/>), or a lexicon
/// event with "I" and a causal word ("since", "depuis"). An event word alone no longer makes a report: on the SMM4H training
/// tweets a third of the posts naming one are reports ("cipro can make things much worse"). For a post the fused model
/// scored, these rules count only from its rule floor up (<see cref="Transformer.BlendedScore.RuleFloor"/>, chosen on dev
/// rows): that model reads "gave me" itself, and the rules cost it precision.</item>
/// </list>
/// </summary>
public sealed class PostCategorizer(IOptions<ClassificationOptions> options)
{
    /// <summary>The threshold a probability is compared with: the configured override, or the model's own.</summary>
    public double ThresholdFor(double modelThreshold) => options.Value.Threshold ?? modelThreshold;

    public PostCategory Categorize(string text, IReadOnlyList<string> tokens, float probability, double modelThreshold, IReadOnlyList<string> events,
        bool complaint, float ruleFloor = 0) =>
        Categorize(probability, modelThreshold, events, complaint, PostCues.Read(text, tokens), ruleFloor);

    /// <param name="ruleFloor">The score from which the cue rules may make a report below the threshold (0: at any score).</param>
    public PostCategory Categorize(float probability, double modelThreshold, IReadOnlyList<string> events, bool complaint, PostCues cues, float ruleFloor = 0)
    {
        var threshold = options.Value.Threshold ?? modelThreshold;
        var rules = probability >= ruleFloor && (cues.InjectionSiteReaction || cues.Experience || (events.Count > 0 && cues.FirstPerson && cues.Cause));
        var evidence = probability >= threshold || rules;
        var reported = evidence && !cues.Denial && !cues.Improvement;
        if (cues.Question)
        {
            // "lamictal made me a zombie, anyone else?" tells, then asks; "can I drink alcohol on metronidazole?" only asks.
            if (reported && cues.FirstPerson && (events.Count > 0 || cues.InjectionSiteReaction || cues.Experience || !(cues.OpensAsQuestion || cues.UsageTopic)))
                return PostCategory.AdverseEvent;
            if (cues.Defect) return PostCategory.ProductComplaint;
            return cues.UsageTopic ? PostCategory.UsageQuestion : PostCategory.MedicalQuestion;
        }
        if (cues.Denial || cues.Improvement) return PostCategory.Other;
        if ((cues.Defect || complaint) && !(cues.InjectionSiteReaction || (events.Count > 0 && probability >= threshold))) return PostCategory.ProductComplaint;
        return reported ? PostCategory.AdverseEvent : PostCategory.Other;
    }
}
