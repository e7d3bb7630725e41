using Signals.Classification;
using Signals.Feeds;
using Signals.Storage;

namespace Signals.Tests.Storage;

/// <summary>Builds scored posts for storage tests.</summary>
internal static class Posts
{
    public static ScoredPost Scored(string id, string author, DateTimeOffset at, PostCategory category = PostCategory.AdverseEvent,
        string product = "levothyroxine", string source = "test", string[]? events = null, string text = "Levothyrox: crampes et fatigue") =>
        new(new Post(source, id, $"https://example.org/{id}", author, at, "fr", text),
            [product], events ?? ["muscle spasms", "fatigue"], 0.9f, category, "test-model@1");

    public static DateTimeOffset Day(int day, int hour = 12) => new(2017, 7, day, hour, 0, 0, TimeSpan.Zero);
}
