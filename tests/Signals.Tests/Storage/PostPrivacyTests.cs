using Signals.Storage;

namespace Signals.Tests.Storage;

/// <summary>The store's last guard: links, ids and texts that do not name people, whatever path a post came in by.</summary>
public sealed class PostPrivacyTests
{
    [TestCase("https://bsky.app/profile/sophie-m.bsky.social/post/3kxyz", "did:plc:abc", "https://bsky.app/profile/did:plc:abc/post/3kxyz")]
    [TestCase("https://bsky.app/profile/sophie-m.bsky.social/post/3kxyz", "sophie-m.bsky.social", null)]
    [TestCase("https://bsky.app/profile/did:plc:abc/post/3kxyz", "did:plc:abc", "https://bsky.app/profile/did:plc:abc/post/3kxyz")]
    [TestCase("https://mastodon.social/@marie_l/113270115826048977", "marie_l", "https://mastodon.social/statuses/113270115826048977")]
    [TestCase("https://mastodon.social/users/marie_l/statuses/113270115826048977", "marie_l", "https://mastodon.social/statuses/113270115826048977")]
    [TestCase("https://icosahedron.website/@halcy/110446222386355655", "halcy@icosahedron.website", "https://icosahedron.website/statuses/110446222386355655")]
    [TestCase("https://www.reddit.com/r/Hypothyroidism/comments/1e5x2aa/generic_levo/", "tired_thyroid_22", "https://www.reddit.com/r/Hypothyroidism/comments/1e5x2aa/generic_levo/")]
    [TestCase("https://www.reddit.com/user/tired_thyroid_22/comments/1e5x2aa/my_levo/", "tired_thyroid_22", "https://www.reddit.com/comments/1e5x2aa/")]
    [TestCase("https://www.reddit.com/r/u_tired_thyroid_22/comments/1e5x2aa/my_levo/kq1x2/", "tired_thyroid_22", "https://www.reddit.com/comments/1e5x2aa/_/kq1x2/")]
    [TestCase("https://medium.com/@jane.doe/my-levothyrox-story-123", "jane.doe", null)]
    [TestCase("https://blog.example/authors/jane/levothyrox", "Jane Doe", null)]
    [TestCase("https://blog.example/2017/jvoisin-on-levothyrox", "jvoisin", null)]
    [TestCase("https://dustri.org/b/using-vale-with-vim.html", "jvoisin", "https://dustri.org/b/using-vale-with-vim.html")]
    [TestCase("javascript:alert(1)", "x", null)]
    [TestCase("HTTPS://Example.org/demo/1", "user0204", "https://example.org/demo/1")]
    public void A_link_is_kept_only_without_a_handle(string url, string author, string? expected) =>
        Assert.That(PostPrivacy.Link(url, author), Is.EqualTo(expected));

    [Test]
    public void An_id_that_carries_a_handle_is_rewritten_or_hashed_and_stays_stable()
    {
        Assert.That(PostPrivacy.ExternalId("https://mastodon.social/users/halcy/statuses/110446183735368325", "halcy", "k"),
            Is.EqualTo("https://mastodon.social/statuses/110446183735368325"));
        var hashed = PostPrivacy.ExternalId("tag:blog.example,2017:jvoisin/42", "jvoisin", "k");
        Assert.That(hashed, Does.StartWith("h:").And.Not.Contain("jvoisin"));
        Assert.That(PostPrivacy.ExternalId("tag:blog.example,2017:jvoisin/42", "jvoisin", "k"), Is.EqualTo(hashed), "stable: the post is still stored once");
        Assert.That(PostPrivacy.ExternalId("t3_1e5x2aa", "tired_thyroid_22", "k"), Is.EqualTo("t3_1e5x2aa"));
        Assert.That(PostPrivacy.ExternalId("at://did:plc:abc/app.bsky.feed.post/3k", "did:plc:abc", "k"), Is.EqualTo("at://did:plc:abc/app.bsky.feed.post/3k"));
    }

    [TestCase("This is a very important piece from @yeargain.bsky.social laying out", "did:plc:x", "This is a very important piece from @user laying out")]
    [TestCase("@halcy you're a doo-doo head", "halcy@icosahedron.website", "@user you're a doo-doo head")]
    [TestCase("cc @marie_l@mastodon.social: Levothyrox again", null, "cc @user: Levothyrox again")]
    [TestCase("ask /u/thyroid_guy or u/other-one about it", null, "ask u/user or u/user about it")]
    [TestCase("write to jane.doe@example.org, not me", null, "write to jane.doe@example.org, not me")]
    [TestCase("jvoisin here: Levothyrox made me tired", "jvoisin", "@user here: Levothyrox made me tired")]
    [TestCase("Levothyrox 100 µg, 3 weeks: crampes", "ann", "Levothyrox 100 µg, 3 weeks: crampes")]
    public void Mentions_and_the_authors_own_handle_are_masked_in_the_text(string text, string? author, string expected) =>
        Assert.That(PostPrivacy.Text(text, author), Is.EqualTo(expected));
}
