using Microsoft.Extensions.DependencyInjection;
using Signals.Ingestion;
using Signals.Storage;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals replay FILE...</c>: runs the whole pipeline over recorded posts day by day.
/// Exit code 0 when everything was read, 65 (data error) when a file or line had to be skipped;
/// what could be read is ingested either way.
/// </summary>
internal static class ReplayCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Length == 0 || args.Any(a => a.StartsWith('-'))) return Usage.Print(Console.Error, 64, "replay needs one or more JSON Lines files");
        using var host = SignalsHost.Build(quiet: true);
        using var storeLock = SignalsHost.LockStore(host);
        await SignalsHost.PrepareAsync(host, ct);
        ReplayResult result;
        try
        {
            result = await host.Services.GetRequiredService<Replayer>().ReplayAsync(args, ct);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or StoreUnavailableException && !ct.IsCancellationRequested)
        {
            // The database went away mid-way: what was stored stays, and the replay is idempotent, so running it again finishes it.
            var what = ex is StoreUnavailableException ? ex.Message : $"{SignalsHost.DatabaseName(host)} failed: {StoreUnavailableException.Cause(ex)}";
            throw new StoreUnavailableException($"replay interrupted: {what}; what was stored is kept, run the same replay again to finish", true, ex);
        }
        await Console.Out.WriteLineAsync(
            $"replay: {result.Read} posts read, {result.Matched} about watched products, {result.Stored} new; " +
            $"{result.AlertsOpened} alerts opened, {result.EmailsSent} e-mails sent; {result.Problems.Count} problems");
        return result.Problems.Count == 0 ? 0 : 65;
    }
}
