using System.ComponentModel.DataAnnotations;
using Signals.Classification;

namespace Signals.Learning;

/// <summary>Section <c>Signals:Learning</c>: when a retrained candidate replaces the live model without an analyst's <c>signals promote</c>.</summary>
public sealed class LearningOptions
{
    public const string Section = "Signals:Learning";

    /// <summary>Promote a candidate automatically when <see cref="Promotion.Decide"/> says it is better. Default false: only <c>signals promote</c> ships one.</summary>
    public bool AutoPromote { get; set; }

    /// <summary>How much higher the worker decision's F1 must be on every held-out split (0.01 = one point). Default 0.01.</summary>
    [Range(0.0, 0.5, ErrorMessage = "Signals:Learning:PromotionMargin must be between 0 and 0.5.")]
    public double PromotionMargin { get; set; } = 0.01;

    /// <summary>A split with fewer rows says too little to promote on: the rule then refuses. Default 30.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Signals:Learning:MinimumSplitRows must be between 1 and 1000000.")]
    public int MinimumSplitRows { get; set; } = 30;
}

/// <summary>Candidate and live model on one held-out split: the worker decision's F1 of each (model, lexicon and cues, each at its own thresholds).</summary>
public sealed record SplitComparison(string Split, int Rows, double CandidateF1, double LiveF1)
{
    public double Difference => Math.Round(CandidateF1 - LiveF1, 4);
}

/// <summary>A candidate model is promoted — copied over the live file the worker hot-loads — only when asked, or by this rule.</summary>
public static class Promotion
{
    public static SplitComparison Compare(PostDecider decider, AdverseEventModel candidate, AdverseEventModel live, string split, IReadOnlyList<LabelledSentence> rows) =>
        new(split, rows.Count, decider.Evaluate(candidate, split, rows).F1, decider.Evaluate(live, split, rows).F1);

    /// <summary>Better on every split by the margin, and every split large enough to say so; otherwise the first reason not to.</summary>
    public static (bool Promote, string Reason) Decide(IReadOnlyList<SplitComparison> splits, LearningOptions options)
    {
        if (splits.Count == 0) return (false, "no held-out split to compare the candidate with the live model on");
        foreach (var s in splits)
        {
            if (s.Rows < options.MinimumSplitRows) return (false, $"{s.Split} has {s.Rows} rows, fewer than Signals:Learning:MinimumSplitRows ({options.MinimumSplitRows})");
            if (s.Difference < options.PromotionMargin)
                return (false, $"{s.Split}: candidate F1 {s.CandidateF1:0.000} vs live {s.LiveF1:0.000}, not better by {options.PromotionMargin:0.000}");
        }
        return (true, $"better on all {splits.Count} held-out splits by at least {options.PromotionMargin:0.000} F1");
    }

    /// <summary>
    /// Copies the candidate and its card over the live model: first to a temporary name, then one rename, so a worker polling
    /// the live file (<see cref="ModelReloadService"/>) never reads half a zip. The candidate file stays for the record.
    /// </summary>
    public static void Promote(string candidatePath, string livePath)
    {
        var temporary = livePath + ".promoting";
        File.Copy(candidatePath, temporary, overwrite: true);
        var card = ModelCard.PathFor(candidatePath);
        if (File.Exists(card)) File.Copy(card, ModelCard.PathFor(livePath), overwrite: true);
        File.Move(temporary, livePath, overwrite: true);
    }
}
