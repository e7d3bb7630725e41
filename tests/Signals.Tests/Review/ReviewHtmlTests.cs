using Signals.Review;

namespace Signals.Tests.Review;

/// <summary>The page's HTML: values are always encoded, and only http(s) links to originals are made.</summary>
public sealed class ReviewHtmlTests
{
    [Test]
    public void Every_value_in_an_html_fragment_is_encoded_and_fragments_nest_as_markup()
    {
        var text = "<script>alert(1)</script><img src=x onerror=\"alert(2)\"> & 'quoted'";
        var inner = Html.Of($"<p class=\"text\">{text}</p>");
        var outer = Html.Of($"<article data-x=\"{"\" onmouseover=\"x"}\">{inner}{new[] { inner, inner }}</article>");

        Assert.That(inner.ToString(), Is.EqualTo("<p class=\"text\">&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; &#x27;quoted&#x27;</p>"));
        Assert.That(outer.ToString(), Does.StartWith("<article data-x=\"&quot; onmouseover=&quot;x\"><p class=\"text\">&lt;script&gt;"));
        Assert.That(outer.ToString().Split("<p class=\"text\">").Length - 1, Is.EqualTo(3));
        Assert.That(Html.Of($"<p>{"Crampes, fatigue, chute de cheveux"}</p>").ToString(), Is.EqualTo("<p>Crampes, fatigue, chute de cheveux</p>"), "accents stay readable");
    }

    [TestCase("https://forum.example.net/t/1?a=1&b=2", "forum.example.net")]
    [TestCase("http://example.org/p", "example.org")]
    public void A_post_links_to_its_http_original_by_host(string url, string host)
    {
        var link = ReviewPages.OriginalLink(url).ToString();
        Assert.That(link, Does.Contain($">{host}</a>").And.Contain("rel=\"noopener noreferrer nofollow\""));
    }

    [TestCase("javascript:alert(1)")]
    [TestCase("data:text/html,<script>alert(1)</script>")]
    [TestCase("/relative/path")]
    [TestCase(null)]
    public void Any_other_link_is_not_made(string? url) =>
        Assert.That(ReviewPages.OriginalLink(url).ToString(), Does.Not.Contain("<a ").And.Contain("no link"));

    [Test]
    public void A_password_verifies_against_its_hash_only()
    {
        var hash = PasswordHash.Hash("s3cret passphrase");
        Assert.That(PasswordHash.Verify("s3cret passphrase", hash), Is.True);
        Assert.That(PasswordHash.Verify("s3cret passphrasE", hash), Is.False);
        Assert.That(PasswordHash.Hash("s3cret passphrase"), Is.Not.EqualTo(hash), "salted");
        Assert.That(PasswordHash.IsWellFormed("plain-text-password"), Is.False);
    }
}
