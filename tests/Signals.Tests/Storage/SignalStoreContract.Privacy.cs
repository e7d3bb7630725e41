using Signals.Storage;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Storage;

/// <summary>Erasure on every engine: after <c>forget</c>, the key leads to no row in any table that holds pseudonyms.</summary>
public abstract partial class SignalStoreContract
{
    [Test]
    public async Task After_forgetting_an_author_their_keyed_pseudonym_finds_no_author_day_row_and_the_counts_stay()
    {
        await Store.AddPostsAsync(
        [
            Scored("m1", "@marie.dupont", Day(15, 8), events: ["alopecia"]), Scored("m2", "@marie.dupont", Day(16), product: "metformin"),
            Scored("b1", "bob", Day(15)),
        ], CancellationToken.None);
        var pseudonym = AuthorPseudonym.Of("@marie.dupont", Options.PseudonymKey!);
        Assert.That(Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM author_days WHERE author = '{pseudonym}'")), Is.GreaterThanOrEqualTo(4),
            "before: the key finds their product, event and day rows");
        var (from, to) = (new DateOnly(2017, 7, 1), new DateOnly(2017, 7, 31));
        var counts = await Store.GetDailyCountsAsync("levothyroxine", "alopecia", from, to, CancellationToken.None);

        Assert.That(await Store.ForgetAuthorAsync("@marie.dupont", CancellationToken.None), Is.EqualTo(2));

        Assert.That(Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM author_days WHERE author = '{pseudonym}'")), Is.Zero, "the key no longer leads to them");
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(DISTINCT author) FROM author_days WHERE author LIKE 'f:%'")), Is.EqualTo(1),
            "the same random replacement as their posts");
        Assert.That(await ScalarAsync("SELECT MIN(author) FROM author_days WHERE author LIKE 'f:%'"),
            Is.EqualTo(await ScalarAsync("SELECT MIN(author_pseudonym) FROM posts WHERE external_id = 'm1'")));
        Assert.That(await Store.GetDailyCountsAsync("levothyroxine", "alopecia", from, to, CancellationToken.None), Is.EqualTo(counts), "counts unchanged");
        Assert.That(await Store.ForgetAuthorAsync("nobody-at-all", CancellationToken.None), Is.Zero, "a handle that matches nothing changes nothing");
    }
}
