using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signals.Alerts;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals alerts [--json]</c>: what was raised and whether it was delivered, with the names that matched the product in
/// the alert's evidence posts ("levotyrox, euthyrox"), so an analyst sees why the posts were counted.
/// </summary>
internal static class AlertsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args is ["resend", var id]) return await ResendAsync(id, ct);
        var json = args.Contains("--json");
        var unknown = args.FirstOrDefault(a => a != "--json");
        if (unknown is not null) return Usage.Print(Console.Error, 64, $"alerts: unknown argument '{unknown}'");

        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        var store = host.Services.GetRequiredService<ISignalStore>();
        var alerts = await store.ListAlertsAsync(ct);
        var matcher = host.Services.GetRequiredService<ProductMatcher>();
        var matchedNames = new Dictionary<long, IReadOnlyList<string>>();
        foreach (var a in alerts) matchedNames[a.Id] = await MatchedNamesAsync(store, matcher, a, ct);
        if (json)
        {
            var rows = alerts.Select(a => new
            {
                a.Id, a.Product, MatchedNames = matchedNames[a.Id], a.Event, FirstDay = a.FirstDay.ToString("yyyy-MM-dd"), LastDay = a.LastDay.ToString("yyyy-MM-dd"),
                a.Observed, Expected = Math.Round(a.Expected, 2), OneDayBound = Math.Round(a.Threshold, 2), Score = Math.Round(a.Score, 2),
                Status = a.Status.ToString().ToLowerInvariant(), a.Attempts, a.LastError, a.SentAt,
                ClosedOn = a.ClosedOn?.ToString("yyyy-MM-dd"),
            });
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, Json));
            return 0;
        }
        // The numbers of the episode's peak day (the alarm day with the most people), as detection stored them.
        await Console.Out.WriteLineAsync($"{"id",5}  {"product",-22} {"event",-14} {"first alarm",-11} {"last alarm",-11} {"peak",5} {"expected",8} {"1-day bound",11} {"odds 1 in",10}  {"status",-8} matched as");
        foreach (var a in alerts)
            await Console.Out.WriteLineAsync($"{a.Id,5}  {a.Product,-22} {a.Event ?? "-",-14} {a.FirstDay:yyyy-MM-dd}  {a.LastDay:yyyy-MM-dd}  {a.Observed,5} {a.Expected,8:F1} {a.Threshold,11:F0} {OddsOneIn(a.Score),10}  {a.Status.ToString().ToLowerInvariant(),-8} {string.Join(", ", matchedNames[a.Id])}{(a.LastError is null ? "" : $" ({a.Attempts} attempts: {a.LastError})")}");
        await Console.Out.WriteLineAsync(alerts.Count == 0 ? "(no alerts)"
            : "peak: people (distinct authors) on the peak day; expected: expected that day; 1-day bound: what that day alone needed to alarm " +
              "(a run of up to 14 days can alarm below it); odds: chance of the alarming day or run if nothing had changed.");
        return 0;
    }

    /// <summary>The names that matched the alert's product in its evidence posts, most frequent first (three at most).</summary>
    private static async Task<IReadOnlyList<string>> MatchedNamesAsync(ISignalStore store, ProductMatcher matcher, Alert alert, CancellationToken ct)
    {
        var posts = await store.GetExamplePostsAsync(alert.Product, alert.FirstDay.AddDays(-2), alert.LastDay, 50, ct);
        return posts.SelectMany(p => matcher.Explain(p.Post.Text)).Where(m => m.Product == alert.Product)
            .GroupBy(m => m.Name).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.Key).ToList();
    }

    /// <summary><c>signals alerts resend ID</c>: puts a delivered alert back in the outbox and delivers it now, on purpose.</summary>
    private static async Task<int> ResendAsync(string idText, CancellationToken ct)
    {
        if (!long.TryParse(idText, out var id)) return Usage.Error(Console.Error, "alerts", $"resend takes an alert id (a number from `signals alerts`), not '{idText}'");
        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        var store = host.Services.GetRequiredService<ISignalStore>();
        if (await store.GetAlertAsync(id, ct) is not { } alert)
        {
            await Console.Error.WriteLineAsync($"signals alerts resend: no alert {id}");
            return 66;
        }
        await store.ResetAlertAsync(id, ct);
        var sent = await host.Services.GetRequiredService<AlertDispatcher>().DispatchPendingAsync(ct, resend: id);
        var now = await store.GetAlertAsync(id, ct);
        await Console.Out.WriteLineAsync(now?.Status == AlertStatus.Sent
            ? $"alert {id} ({alert.Product}) sent again"
            : $"alert {id} ({alert.Product}) is pending: {now?.LastError}");
        return now?.Status == AlertStatus.Sent ? 0 : 75; // EX_TEMPFAIL: the dispatcher will keep trying
    }

    private static string OddsOneIn(double score) => score >= 6 ? ">1e6" : Math.Pow(10, score).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
}
