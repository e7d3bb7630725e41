using System.Diagnostics;
using Signals.Classification;
using Signals.Classification.Linear;

namespace Signals.Learning;

/// <summary>One point of a learning curve: the worker's decision on the test rows after this many verdicts.</summary>
/// <param name="HeadVerdicts">How many of the verdicts reached MiniLM's head (English posts, a graph with the embedding output).</param>
public sealed record CurvePoint(string Strategy, int Seed, int Verdicts, int Positives, int HeadVerdicts, double F1, double Precision, double Recall, double Auc, double Seconds);

/// <summary>
/// <c>signals learning-curve</c>: an analyst simulated by a labelled file. From the given model, the queue's own choice
/// (<see cref="QueueSelection"/>, a batch the size of the review page's queue at a time) picks pool posts, the file's labels
/// answer them, <see cref="VerdictUpdate"/> learns them from the starting model, and at each step the worker's decision
/// (<see cref="PostDecider"/>: model, lexicon and cues, at the model's social threshold) is measured on the test rows.
/// MiniLM runs once per pool and test post (<see cref="AdverseEventModel.Remembering"/>): the verdicts change only the
/// n-gram weights and the head correction, so its outputs are the same at every step.
/// </summary>
public sealed class LearningCurve(AdverseEventModel start, PostDecider decider, int batch)
{
    private readonly AdverseEventFeaturizer _featurizer = new();
    private readonly AdverseEventModel _start = start.Remembering();

    public IEnumerable<CurvePoint> Run(IReadOnlyList<LabelledSentence> pool, IReadOnlyList<LabelledSentence> test, QueueStrategy strategy, IReadOnlyList<int> steps, int seed)
    {
        var started = Stopwatch.GetTimestamp();
        var random = new Random(seed);
        var scratch = new SparseFeatures();
        var prepared = new VerdictUpdate.Prepared?[pool.Count];
        var chosen = new List<int>();
        var remaining = new HashSet<int>(Enumerable.Range(0, pool.Count));
        var model = _start;
        var name = strategy.ToString().ToLowerInvariant();
        yield return Measure(model, test, name, seed, chosen, pool, started);
        foreach (var step in steps)
        {
            while (chosen.Count < step && remaining.Count > 0)
            {
                // Scored by the model of the moment, as the queue is by the model the worker runs.
                var left = remaining.Order().ToList();
                var scores = model.Score(left.Select(i => pool[i].Text).ToList(), PostDomain.Social);
                var threshold = model.ThresholdFor(PostDomain.Social);
                var candidates = left.Select((i, k) => new QueueCandidate(i, pool[i].Text, Math.Abs(scores[k] - threshold)));
                var picks = QueueSelection.Pick(QueueSelection.Rank(candidates, strategy, random), Math.Min(batch, step - chosen.Count),
                    chosen.Select(i => pool[i].Text));
                if (picks.Count == 0) break; // only near-copies of asked posts are left
                var ids = picks.Select(p => (int)p.Id).ToList();
                var answered = VerdictUpdate.WithHead(_start, ids.Select(i => VerdictUpdate.Prepare(_start, _featurizer, pool[i].Text, pool[i].Label, scratch)).ToList(),
                    ids.Select(i => pool[i].Text).ToList());
                for (var k = 0; k < ids.Count; k++)
                {
                    chosen.Add(ids[k]);
                    remaining.Remove(ids[k]);
                    prepared[ids[k]] = answered[k];
                }
                // Always from the starting model with every verdict so far: the result does not depend on the batch order.
                model = VerdictUpdate.Apply(_start, [.. chosen.Select(i => prepared[i]!), .. Anchors(pool, chosen, scratch)]);
            }
            yield return Measure(model, test, name, seed, chosen, pool, started);
        }
    }

    /// <summary>Unjudged posts held to the starting model's probabilities (<see cref="VerdictUpdate.Anchor"/>); a verdict stops being an anchor.</summary>
    public const int AnchorCount = 1000;

    private List<VerdictUpdate.Prepared>? _anchors;
    private List<int>? _anchorIds;

    private IEnumerable<VerdictUpdate.Prepared> Anchors(IReadOnlyList<LabelledSentence> pool, List<int> chosen, SparseFeatures scratch)
    {
        if (_anchors is null)
        {
            // A fixed sample of the pool (the stored posts of the worker): the same anchors at every step and for every strategy.
            _anchorIds = Enumerable.Range(0, pool.Count).OrderBy(i => (uint)i * 2654435761u % 1000003).Take(AnchorCount).ToList();
            _anchors = [.. VerdictUpdate.WithHead(_start, _anchorIds.Select(i => VerdictUpdate.Anchor(_start, _featurizer, pool[i].Text, scratch)).ToList(),
                _anchorIds.Select(i => pool[i].Text).ToList())];
        }
        var asked = chosen.ToHashSet();
        return _anchors.Where((a, k) => !asked.Contains(_anchorIds![k]));
    }

    private CurvePoint Measure(AdverseEventModel model, IReadOnlyList<LabelledSentence> test, string strategy, int seed, List<int> chosen,
        IReadOnlyList<LabelledSentence> pool, long started)
    {
        var decision = decider.Evaluate(model, "test", test);
        var auc = ModelMetrics.From("test", model.Score(test.Select(r => r.Text).ToList(), PostDomain.Social), test.Select(r => r.Label).ToList(),
            model.ThresholdFor(PostDomain.Social)).Auc;
        return new CurvePoint(strategy, seed, chosen.Count, chosen.Count(i => pool[i].Label), model.Head?.Verdicts ?? 0, decision.F1, decision.Precision, decision.Recall, auc,
            Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1));
    }
}
