namespace Signals.Classification;

/// <summary>
/// What a post is, for pharmacovigilance: adverse events are counted and alerted on; complaints go to quality; usage
/// questions are what a patient-support line answers; medical questions go to medical information. Stored as its number.
/// </summary>
public enum PostCategory
{
    Other = 0,
    AdverseEvent = 1,
    ProductComplaint = 2,
    UsageQuestion = 3,
    MedicalQuestion = 4,
}

public static class PostCategories
{
    public static readonly IReadOnlyList<PostCategory> All =
        [PostCategory.AdverseEvent, PostCategory.ProductComplaint, PostCategory.UsageQuestion, PostCategory.MedicalQuestion, PostCategory.Other];

    /// <summary>The category as the commands and evaluation sets write it: adverse-event, product-complaint, usage-question, medical-question, other.</summary>
    public static string Name(this PostCategory category) => category switch
    {
        PostCategory.AdverseEvent => "adverse-event",
        PostCategory.ProductComplaint => "product-complaint",
        PostCategory.UsageQuestion => "usage-question",
        PostCategory.MedicalQuestion => "medical-question",
        _ => "other",
    };

    public static PostCategory Parse(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        foreach (var category in All)
            if (category.Name() == key) return category;
        throw new FormatException($"unknown category '{name}' (use {string.Join(", ", All.Select(c => c.Name()))})");
    }
}
