using System.Data.Common;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    private const string QueueDay = """
        INSERT INTO unjudged_days (day, version) VALUES (@day, 1)
        ON CONFLICT (day) DO UPDATE SET version = unjudged_days.version + 1
        """;

    /// <summary>
    /// Queues the days whose counts the batch changed, in the transaction that changed them: whatever stores posts (a feed, a
    /// backfill, a replay) leaves a record of the days to judge again, and the worker judges them without being told.
    /// In day order, so two writers take the row locks in the same order.
    /// </summary>
    private async Task QueueDaysAsync(DbConnection connection, DbTransaction tx, IEnumerable<DateOnly> days, CancellationToken ct)
    {
        foreach (var day in days.Distinct().Order())
            await ExecuteAsync(connection, tx, QueueDay, ct, ("day", Day(day)));
    }

    public async Task<IReadOnlyList<UnjudgedDay>> GetUnjudgedDaysAsync(DateOnly through, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT day, version FROM unjudged_days WHERE day <= @through ORDER BY day", ("through", Day(through)));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var days = new List<UnjudgedDay>();
        while (await reader.ReadAsync(ct)) days.Add(new UnjudgedDay(ReadDay(reader, 0), Convert.ToInt64(reader.GetValue(1))));
        return days;
    }

    public async Task MarkDayJudgedAsync(UnjudgedDay day, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // Only the version that was judged: posts stored for the day meanwhile keep it queued.
        await ExecuteAsync(connection, null, "DELETE FROM unjudged_days WHERE day = @day AND version = @version", ct,
            ("day", Day(day.Day)), ("version", day.Version));
    }
}
