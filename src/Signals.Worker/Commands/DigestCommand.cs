using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Signals.Alerts;

namespace Signals.Worker.Commands;

/// <summary><c>signals digest [--day yyyy-MM-dd]</c>: sends the day's digest of open alerts now (once a day at most).</summary>
internal static class DigestCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "digest", "--day") is not { } o) return 64;
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        if (o.TryGetValue("--day", out var text) && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return Usage.Print(Console.Error, 64, $"digest: '{text}' is not a yyyy-MM-dd date");
        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        var outcome = await host.Services.GetRequiredService<DigestSender>().SendAsync(day, ct);
        await Console.Out.WriteLineAsync(outcome switch
        {
            DigestOutcome.Sent => $"digest of {day:yyyy-MM-dd} sent",
            DigestOutcome.NothingOpen => $"digest of {day:yyyy-MM-dd} not sent: no open signal (Signals:Email:SendEmptyDigest sends it anyway)",
            _ => $"digest of {day:yyyy-MM-dd} was sent already",
        });
        return 0;
    }
}
