using Signals.Classification.Linear;
using Signals.Classification.Transformer;
using Signals.Feeds;

namespace Signals.Classification;

/// <summary>
/// One loaded adverse-event model: the linear scorer over hashed n-grams (<see cref="LinearModel"/>: read-only weights,
/// safe on any thread), its card — stored inside the zip as well
/// as beside it, so a copied zip brings its own decision threshold — and the features it was trained on; with a fine-tuned
/// MiniLM, that graph and what analysts' verdicts taught its head (<see cref="HeadCorrection"/>).
/// </summary>
public sealed partial class AdverseEventModel
{
    /// <summary>The zip entry holding the card; ML.NET ignores entries it does not know.</summary>
    public const string CardEntry = "Signals/card.json";

    /// <summary>The zip entry holding the weights (<see cref="LinearModel"/>).</summary>
    public const string LinearEntry = "Signals/linear.bin";

    /// <summary>The zip entry holding the fine-tuned int8 MiniLM (<see cref="MiniLmScorer"/>), when the model has it.</summary>
    public const string TransformerEntry = "Signals/minilm-int8.onnx";

    // Below this many posts a batch is scored on the calling thread: handing work to the pool costs more than it saves.
    private const int ParallelBatch = 64;

    private readonly LinearModel _linear;
    private readonly AdverseEventFeaturizer _featurizer;

    public AdverseEventModel(LinearModel linear, AdverseEventFeaturizer featurizer, ModelCard? card, string version,
        MiniLmScorer? miniLm = null, TransformerGraph? graph = null, HeadCorrection? head = null)
    {
        _linear = linear;
        _featurizer = featurizer;
        Card = card;
        Version = version;
        MiniLm = card?.Transformer is null ? null : miniLm;
        Graph = graph;
        Head = MiniLm is null ? null : head;
        if (Head is not null && MiniLm!.NoHeadReason is { } reason) throw new InvalidDataException($"the model has a MiniLM head correction, but {reason}");
    }

    /// <summary>The fine-tuned transformer fused with the n-gram model for English posts; null when the model has none.</summary>
    public MiniLmScorer? MiniLm { get; }

    /// <summary>What analysts' verdicts taught MiniLM's head; null when none did (or the model has no MiniLM).</summary>
    public HeadCorrection? Head { get; }

    // learning-curve's cache of MiniLM's outputs per text (the network is the costly part; a verdict changes only the head).
    private MiniLmMemo? _memo;

    /// <summary>The same model under another card (tests: another blend band).</summary>
    internal AdverseEventModel WithCard(ModelCard card) => With(_linear, Head, card, Version);

    /// <summary>The same MiniLM (and featurizer) with other n-gram weights, head correction, card and version.</summary>
    public AdverseEventModel With(LinearModel linear, HeadCorrection? head, ModelCard? card, string version) =>
        new(linear, _featurizer, card, version, MiniLm, Graph, head) { _memo = _memo };

    /// <summary>
    /// This model, and every model made from it by <see cref="With"/>, computing MiniLM's outputs once per distinct text
    /// (learning-curve: the same pool and test posts are scored at every step). Not for the worker: every post is new there.
    /// </summary>
    public AdverseEventModel Remembering() =>
        MiniLm is null || _memo is not null ? this : new(_linear, _featurizer, Card, Version, MiniLm, Graph, Head) { _memo = new MiniLmMemo(MiniLm) };

    /// <summary>
    /// MiniLM's probability (through <see cref="Head"/>) and pooled embedding of each text, in order; null when the model has
    /// no MiniLM or its graph no embedding output (<see cref="MiniLmScorer.NoHeadReason"/>).
    /// </summary>
    public MiniLmOutputs? Embed(IReadOnlyList<string> texts)
    {
        if (MiniLm is not { HasEmbedding: true } miniLm) return null;
        var outputs = _memo?.Outputs(texts) ?? miniLm.ScoreWithEmbeddings(texts);
        return Head is null ? outputs : outputs with { Probabilities = Head.Apply(outputs) };
    }

    // Without a head correction the worker fetches the probability only, as before verdicts reached the head.
    private float[] TransformerScores(IReadOnlyList<string> texts) =>
        Head is null ? _memo?.Outputs(texts).Probabilities ?? MiniLm!.Score(texts) : Embed(texts)!.Probabilities;

    /// <summary>Where the int8 graph comes from, to save the model again (read only then).</summary>
    public TransformerGraph? Graph { get; }

    public ModelCard? Card { get; }

    /// <summary>The file name and content hash, with the training date when the card says it: stored with every score, quoted in alerts.</summary>
    public string Version { get; }

    /// <summary>
    /// P(adverse event) from which a social-media post (what the worker reads) is a report: chosen by cross-validation on
    /// the training data and stored in the card; 0.5 for a model without one.
    /// </summary>
    public double Threshold => ThresholdFor(PostDomain.Social);

    /// <summary>The decision threshold of a domain (<see cref="PostDomain"/>), or the model's single one when its card keeps one only.</summary>
    public double ThresholdFor(string domain) =>
        Blend(domain) is { } blend ? blend.Threshold
        : Card?.DomainThresholds is { } t && t.TryGetValue(domain, out var threshold) ? threshold : Card?.Threshold ?? 0.5;

    /// <summary>How the two models decide together for a domain; null without a transformer.</summary>
    public BlendedScore? Blend(string domain) =>
        MiniLm is not null && Card?.Transformer?.Domains is { } d && d.TryGetValue(domain, out var blend) ? blend : null;

    public LinearModel Linear => _linear;

    /// <summary>
    /// The adverse-event score of each text, in order, read as writing of <paramref name="domain"/> (social posts by default),
    /// to compare with <see cref="ThresholdFor"/>: the n-gram model's probability, or with a transformer the fusion of
    /// <see cref="BlendedScore"/> for every post not written in French (its vocabulary is English; the language is
    /// <paramref name="languages"/>' where given, one per text, else guessed: the same test <see cref="Translation.FrenchTranslation"/>
    /// makes), as many as <paramref name="budget"/> allows (none spent when null: training and evaluation); the rest keep the
    /// n-gram decision. Fused posts carry the domain's rule floor (the rest 0: the rules count at any score). MiniLM's probability is the head-corrected one when the
    /// model has a <see cref="Head"/>.
    /// </summary>
    public ModelScores Score(IReadOnlyList<string> texts, string domain = PostDomain.Social, TransformerBudget? budget = null,
        IReadOnlyList<string?>? languages = null)
    {
        var ngram = ScoreNgram(texts, domain);
        if (ngram.Length == 0 || Blend(domain) is not { } blend) return new ModelScores(ngram);
        var english = Enumerable.Range(0, texts.Count).Where(i => !IsFrench(texts, languages, i)).ToList();
        var asked = budget?.Take(english.Count) ?? english.Count;
        var transformer = TransformerScores(english.Take(asked).Select(i => texts[i]).ToList());
        var fused = new float?[texts.Count];
        for (var k = 0; k < asked; k++) fused[english[k]] = transformer[k];
        return blend.Scores(ngram, i => fused[i]);
    }

    /// <summary>Whether text <paramref name="i"/> is French: its feed's tag where given, else the worker's guess.</summary>
    public static bool IsFrench(IReadOnlyList<string> texts, IReadOnlyList<string?>? languages, int i) =>
        (languages?[i] ?? PostLanguage.Guess(texts[i])) == "fr";

    /// <summary>The n-gram model's own probability, whatever else the model holds (training measures it apart).</summary>
    public float[] ScoreNgram(IReadOnlyList<string> texts, string domain = PostDomain.Social)
    {
        var scores = new float[texts.Count];
        // Each post is scored on its own (the scorer keeps a buffer per thread), so a large batch uses every core.
        if (scores.Length < ParallelBatch)
            for (var i = 0; i < scores.Length; i++) scores[i] = _linear.Probability(_featurizer.Input(texts[i], domain: domain));
        else
            Parallel.For(0, scores.Length, i => scores[i] = _linear.Probability(_featurizer.Input(texts[i], domain: domain)));
        return scores;
    }
}
