using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Signals.Health;
using Signals.Storage;

namespace Signals.Worker.Commands;

/// <summary><c>signals run</c>: the worker. Migrations are applied before the hosted services start, once the database answers.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Length > 0) return Usage.Print(Console.Error, 64, $"run takes no arguments (got '{args[0]}')");
        using var host = SignalsHost.Build(serve: true);
        using var storeLock = SignalsHost.LockStore(host);
        // The hosted services and what they load (config/feeds.json, the watch list, the model) are built now: a bad file ends the
        // verb with its one-line message, before the host starts (whose failure would come with a trace of its own).
        SignalsHost.CheckConfiguration(host);
        _ = host.Services.GetServices<IHostedService>().ToList();
        // Health answers from now on: live while the process is, ready 503 with the reason until the services run.
        var health = host.Services.GetRequiredService<HealthEndpoint>();
        var startup = host.Services.GetRequiredService<StartupState>();
        startup.Waiting($"starting: connecting to {SignalsHost.DatabaseName(host)}");
        await health.StartAsync(ct);
        try
        {
            await SignalsHost.PrepareAsync(host, ct, waitForDatabase: true, startup);
        }
        catch
        {
            await health.StopAsync(CancellationToken.None);
            throw;
        }
        startup.Started();
        await host.RunAsync(ct);
        return 0;
    }
}
