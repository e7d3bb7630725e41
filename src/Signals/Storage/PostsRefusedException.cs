namespace Signals.Storage;

/// <summary>
/// Some posts of a batch were refused by the database while the others were stored: <see cref="Stored"/> says how many were
/// new, <see cref="Refused"/> names each refused post (source/id) with the database's reason, one line each.
/// </summary>
public sealed class PostsRefusedException(int stored, IReadOnlyList<string> refused, Exception inner)
    : Exception($"{refused.Count} post(s) refused by the database, {stored} others stored: {refused[0]}", inner)
{
    public int Stored { get; } = stored;
    public IReadOnlyList<string> Refused { get; } = refused;
}
