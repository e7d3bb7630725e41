using System.Text;
using Signals.Feeds;
using Signals.Storage;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Storage;

/// <summary>Hostile ids and rows the database refuses (issue 22, item 1): the same on both engines, and never a lost batch.</summary>
public abstract partial class SignalStoreContract
{
    /// <summary>A few KB of random characters, as a hostile guid: incompressible, so PostgreSQL's btree cannot take it.</summary>
    internal static string RandomId(int chars, int seed)
    {
        var random = new Random(seed);
        var id = new StringBuilder(chars);
        while (id.Length < chars) id.Append((char)random.Next(0x21, 0x2FF));
        return id.ToString();
    }

    [Test]
    public async Task An_over_long_id_is_stored_once_under_a_bounded_key_with_the_rest_of_its_batch()
    {
        var longId = RandomId(6_000, 1);
        var longSource = RandomId(3_000, 2);
        ScoredPost[] batch = [Scored("a", "alice", Day(15)), Scored(longId, "bob", Day(15)), Scored("x", "carol", Day(15), source: longSource), Scored("b", "dan", Day(15))];

        Assert.That(await Store.AddPostsAsync(batch, CancellationToken.None), Is.EqualTo(4));
        Assert.That(await Store.AddPostsAsync(batch, CancellationToken.None), Is.EqualTo(0), "the bounded key is stable: a re-read stores nothing twice");
        Assert.That(await Store.AddPostsAsync([Scored(longId + "!", "bob", Day(15))], CancellationToken.None), Is.EqualTo(1), "another long id is another post");

        var longest = Convert.ToInt64(await ScalarAsync("SELECT MAX(LENGTH(external_id)) FROM posts"));
        Assert.That(longest, Is.LessThanOrEqualTo(PostLimits.MaxIdBytes));
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT MAX(LENGTH(source)) FROM posts")), Is.LessThanOrEqualTo(PostLimits.MaxSourceBytes));
        Assert.That(Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM posts WHERE external_id LIKE '{PostLimits.HashedPrefix}%'")), Is.EqualTo(2));
    }

    [Test]
    public async Task A_post_the_database_refuses_is_named_and_the_rest_of_its_batch_is_stored()
    {
        // A trigger stands for any row-level refusal the engine may have (a constraint, a value it cannot take).
        await ScalarAsync(Engine == "Postgres"
            ? """
              CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN IF NEW.external_id LIKE 'poison%' THEN RAISE EXCEPTION 'poisoned row %', NEW.external_id; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_poison BEFORE INSERT ON posts FOR EACH ROW EXECUTE FUNCTION refuse_poison();
              """
            : "CREATE TRIGGER refuse_poison BEFORE INSERT ON posts WHEN NEW.external_id LIKE 'poison%' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;");

        var refused = await Assert.ThrowsAsync<PostsRefusedException>(() => Store.AddPostsAsync(
            [Scored("good-1", "alice", Day(15)), Scored("poison-1", "bob", Day(15)), Scored("good-2", "carol", Day(16))], CancellationToken.None));

        Assert.That(refused!.Stored, Is.EqualTo(2));
        Assert.That(refused.Refused, Has.Count.EqualTo(1));
        Assert.That(refused.Refused[0], Does.Contain("test/poison-1").And.Contain("poisoned row").And.Not.Contain("\n"));
        Assert.That(await Store.CountPostsAsync(CancellationToken.None), Is.EqualTo(2));
        var july = (From: new DateOnly(2017, 7, 1), To: new DateOnly(2017, 7, 31));
        Assert.That((await Store.GetDailyCountsAsync("levothyroxine", null, july.From, july.To, CancellationToken.None)).Sum(c => c.Count), Is.EqualTo(2),
            "the counts of the stored posts were kept too");
    }
}
