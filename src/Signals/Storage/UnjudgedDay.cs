namespace Signals.Storage;

/// <summary>A day whose counts changed after it was last judged; <paramref name="Version"/> grows with each batch of new posts on it.</summary>
public sealed record UnjudgedDay(DateOnly Day, long Version);
