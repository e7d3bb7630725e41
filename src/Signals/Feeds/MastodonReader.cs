using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Signals.Feeds;

/// <summary>
/// Reads a Mastodon timeline through the REST API — location e.g.
/// <c>https://mastodon.social/api/v1/timelines/tag/levothyrox</c> (public hashtag timeline), or a status search
/// where the instance allows it (<c>https://instance/api/v2/search?type=statuses&amp;q=levothyrox</c>). The cursor is the
/// newest status id seen; each read asks for what is newer (<c>min_id</c>), page by page. Statuses carry HTML,
/// which becomes text; a boost counts as the boosted status (one post, under its own URI); a content warning
/// (<c>spoiler_text</c>) is kept in front of the text, where patients often name the drug.
/// </summary>
public sealed class MastodonReader(IHttpClientFactory httpClients, IOptions<FeedsOptions> options) : IFeedReader
{
    public const int PageSize = 40; // the API's maximum

    public IReadOnlyCollection<string> Types { get; } = ["mastodon"];

    public async Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var separator = feed.Location.Contains('?') ? '&' : '?';
        var url = cursor is null ? $"{feed.Location}{separator}limit={PageSize}" : $"{feed.Location}{separator}limit={PageSize}&min_id={Uri.EscapeDataString(cursor)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await HttpFeedContent.SendAsync(httpClients.CreateClient(FeedHttp.ClientName), request, feed, ct);
        using var document = await HttpFeedContent.ReadJsonAsync(response, options.Value, feed, url, ct);
        // A timeline answers with an array of statuses; search (/api/v2/search?type=statuses&q=…) with {"statuses": [...]}.
        var statuses = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement
            : document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("statuses", out var found) && found.ValueKind == JsonValueKind.Array ? found
            : throw new FeedException($"Feed '{feed.Name}' ({url}): expected an array of statuses, got {Describe(document.RootElement)}");

        var posts = new List<Post>();
        var problems = new List<string>();
        var newest = cursor;
        foreach (var status in statuses.EnumerateArray())
        {
            var id = status.String("id");
            if (id is not null && IsNewer(id, newest)) newest = id;
            var post = ToPost(status.TryGetProperty("reblog", out var boosted) && boosted.ValueKind == JsonValueKind.Object ? boosted : status, feed, out var problem);
            if (post is not null) posts.Add(post);
            else problems.Add($"Feed '{feed.Name}' ({url}): status {id ?? "?"}: {problem}; skipped");
        }
        // A full page after min_id means more is waiting; the first read (no cursor) takes only the newest page.
        return new FeedReadResult(posts, newest, problems) { HasMore = cursor is not null && statuses.GetArrayLength() == PageSize };
    }

    private static Post? ToPost(JsonElement status, FeedDefinition feed, out string? problem)
    {
        problem = null;
        var uri = status.String("uri") ?? status.String("id");
        if (uri is null) { problem = "no uri or id"; return null; }
        if (!DateTimeOffset.TryParse(status.String("created_at"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var created)) { problem = "no valid created_at"; return null; }
        var spoiler = status.String("spoiler_text");
        var content = HtmlText.ToPlainText(status.String("content"));
        var text = string.IsNullOrWhiteSpace(spoiler) ? content : $"{spoiler}\n{content}";
        if (string.IsNullOrWhiteSpace(text)) { problem = "empty text"; return null; }
        var author = status.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object ? account.String("acct") : null;
        // The link is the status by id on the instance it was read from (its web app serves /statuses/{id}), not status.url
        // (/@user/{id}), which names the author.
        var location = new Uri(feed.Location);
        var url = status.String("id") is { Length: > 0 } id ? $"{location.GetLeftPart(UriPartial.Authority)}/statuses/{Uri.EscapeDataString(id)}" : null;
        return new Post(location.Host, uri, url, author, created.ToUniversalTime(), status.String("language"), text.Trim());
    }

    /// <summary>Mastodon ids are numbers in strings ("not guaranteed to be a number"): longer is newer, then ordinal.</summary>
    private static bool IsNewer(string id, string? than) =>
        than is null || id.Length > than.Length || (id.Length == than.Length && string.CompareOrdinal(id, than) > 0);

    private static string Describe(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) ? $"an error: {error}" : root.ValueKind.ToString();
}
