using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>
/// The search reader makes the DID the author, so nothing after it knows the handle: an author's own handle in their text — even on
/// a domain of their own, which no pattern can tell from any other domain — is masked by the reader, over real HTTP on loopback.
/// </summary>
public sealed class BlueskyOwnHandleTests
{
    [Test]
    public async Task An_authors_own_handle_in_their_text_is_masked_even_on_a_custom_domain()
    {
        var page = JsonSerializer.SerializeToUtf8Bytes(new
        {
            posts = new[]
            {
                new
                {
                    uri = "at://did:plc:own1/app.bsky.feed.post/3own1",
                    author = new { did = "did:plc:own1", handle = "claire-martin.fr" },
                    record = new Dictionary<string, object> { ["text"] = "Ici claire-martin.fr : depuis le Levothyrox, crampes. Voir aussi example.org", ["createdAt"] = "2024-07-19T10:00:00.000Z" },
                    indexedAt = "2024-07-19T10:00:00.000Z",
                },
            },
        });
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(page);
        });
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var reader = new BlueskyReader(services.GetRequiredService<IHttpClientFactory>(), Options.Create(new FeedsOptions()));

        var result = await reader.ReadAsync(new FeedDefinition { Name = "b", Type = "bluesky", Location = server.Url("xrpc/app.bsky.feed.searchPosts?q=levothyrox") },
            null, CancellationToken.None);

        Assert.That(result.Posts, Has.Count.EqualTo(1));
        Assert.That(result.Posts[0].Text, Is.EqualTo("Ici @user : depuis le Levothyrox, crampes. Voir aussi example.org"));
        Assert.That(result.Posts[0].Author, Is.EqualTo("did:plc:own1"));
    }
}
