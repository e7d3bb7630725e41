namespace Signals.Detection;

/// <summary>Distinct authors who posted an adverse-event report about a product on one day (UTC).</summary>
public sealed record DailyCount(DateOnly Day, int Count);
