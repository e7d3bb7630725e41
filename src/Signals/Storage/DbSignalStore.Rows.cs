using System.Data.Common;
using Signals.Alerts;
using Signals.Classification;
using Signals.Feeds;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    public async Task<IReadOnlyList<ScoredPost>> GetExamplePostsAsync(string product, DateOnly from, DateOnly to, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = new List<(long Id, Post Post, float Ae, PostCategory Category, string Model)>();
        await using (var cmd = Command(connection, null, Sql.ExamplePosts, ("product", product), ("from", Day(from)), ("to", Day(to)), ("limit", limit)))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var post = new Post(reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4),
                    ReadInstant(reader, 5), NullableString(reader, 6), reader.GetString(7));
                rows.Add((reader.GetInt64(0), post, Convert.ToSingle(reader.GetValue(8)), (PostCategory)Convert.ToInt32(reader.GetValue(9)), reader.GetString(10)));
            }
        }
        var examples = new List<ScoredPost>(rows.Count);
        foreach (var row in rows)
        {
            var products = await StringsAsync(connection, Sql.ProductsOfPost, row.Id, ct);
            var events = await StringsAsync(connection, Sql.EventsOfPost, row.Id, ct);
            examples.Add(new ScoredPost(row.Post, products, events, row.Ae, row.Category, row.Model));
        }
        return examples;
    }

    public async Task<FeedState?> GetFeedStateAsync(string feedName, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, Sql.GetFeed, ("name", feedName));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new FeedState(reader.GetString(0), NullableString(reader, 1), Convert.ToInt32(reader.GetValue(2)), NullableString(reader, 3),
            NullableInstant(reader, 4), NullableInstant(reader, 5));
    }

    public async Task<IReadOnlyList<FeedState>> ListFeedStatesAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, Sql.ListFeeds);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var states = new List<FeedState>();
        while (await reader.ReadAsync(ct))
            states.Add(new FeedState(reader.GetString(0), NullableString(reader, 1), Convert.ToInt32(reader.GetValue(2)), NullableString(reader, 3),
                NullableInstant(reader, 4), NullableInstant(reader, 5)));
        return states;
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Sql.SaveFeed, ct, ("name", state.FeedName), ("cursor", state.Cursor), ("errors", state.ErrorCount),
            ("error", state.LastError), ("checked", NullableInstantValue(state.LastCheckedAt)), ("next", NullableInstantValue(state.NextCheckAt)));
    }

    private async Task<IReadOnlyList<Alert>> AlertsAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var alerts = new List<Alert>();
        while (await reader.ReadAsync(ct))
        {
            alerts.Add(new Alert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), NullableString(reader, 3),
                ReadDay(reader, 4), ReadDay(reader, 5), Convert.ToInt32(reader.GetValue(6)), reader.GetDouble(7), reader.GetDouble(8),
                (AlertStatus)Convert.ToInt32(reader.GetValue(9)), Convert.ToInt32(reader.GetValue(10)), NullableString(reader, 11),
                ReadInstant(reader, 12), NullableInstant(reader, 13)) {
                    Score = reader.GetDouble(14), NotifiedObserved = Convert.ToInt32(reader.GetValue(15)),
                    FailingSince = NullableInstant(reader, 16), NextAttemptAt = NullableInstant(reader, 17), GaveUpAt = NullableInstant(reader, 18),
                    ClosedOn = reader.IsDBNull(19) ? null : ReadDay(reader, 19),
                });
        }
        return alerts;
    }

    private static async Task<IReadOnlyList<string>> StringsAsync(DbConnection connection, string sql, long postId, CancellationToken ct)
    {
        await using var cmd = Command(connection, null, sql, ("post", postId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct)) values.Add(reader.GetString(0));
        return values;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    private DateTimeOffset? NullableInstant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadInstant(reader, ordinal);
    private object? NullableInstantValue(DateTimeOffset? instant) => instant is { } i ? Instant(i) : null;
}
