using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Review;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals review [--port N]</c>: the review page alone over the configured store (no feeds, no detection), until
/// Ctrl+C. <c>signals review --hash-password</c> reads a password on stdin and prints the hash for <c>Signals:Review:Users</c>.
/// </summary>
internal static class ReviewCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args is ["--hash-password"])
        {
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password)) return Usage.Print(Console.Error, 64, "review --hash-password: give the password on standard input");
            Console.WriteLine(PasswordHash.Hash(password));
            return 0;
        }
        if (CommandLine.Options(args, "review", "--port") is not { } o) return 64;
        if (o.TryGetValue("--port", out var p) && !(int.TryParse(p, out var parsed) && parsed is > 0 and <= 65535))
            return Usage.Print(Console.Error, 64, $"review: --port is a number from 1 to 65535, not '{p}'");
        // SIGTERM (docker stop, timeout, systemd) stops the page as Ctrl+C does: the web host inside would otherwise take the
        // signal for itself and leave this command waiting.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context => { context.Cancel = true; stop.Cancel(); });
        ct = stop.Token;
        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        var options = host.Services.GetRequiredService<IOptions<ReviewOptions>>().Value;
        var port = o.TryGetValue("--port", out var given) ? int.Parse(given) : options.Port > 0 ? options.Port : ReviewServer.DefaultPort;
        var logger = host.Services.GetRequiredService<ILogger<ReviewServer>>();
        return await ReviewServer.ServeAsync(host.Services, port, logger, ct, alone: true) ? 0 : 69; // EX_UNAVAILABLE: the port is taken
    }
}
