namespace Signals.Classification;

/// <summary>What a post is, for pharmacovigilance: patient-support lines want product complaints apart from adverse events.</summary>
public enum PostCategory
{
    Other = 0,
    AdverseEvent = 1,
    ProductComplaint = 2,
}
