using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Signals.Storage;

namespace Signals.Worker.Commands;

/// <summary><c>signals run</c>: the worker. Migrations are applied before the hosted services start.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Length > 0) return Usage.Print(Console.Error, 64, $"run takes no arguments (got '{args[0]}')");
        using var host = SignalsHost.Build(serve: true);
        using var storeLock = SignalsHost.LockStore(host);
        await SignalsHost.PrepareAsync(host, ct);
        await host.RunAsync(ct);
        return 0;
    }
}
