namespace Signals.Storage;

/// <summary>A claimed closing e-mail: how often it has failed and since when, so the dispatcher can decide its next wait.</summary>
public sealed record ClosingClaim(int Attempts, DateTimeOffset? FailingSince);
