namespace Signals.Worker.Commands;

/// <summary><c>signals migrate</c>: applies the numbered migrations of the configured engine and exits.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Length > 0) return Usage.Print(Console.Error, 64, $"migrate takes no arguments (got '{args[0]}')");
        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        await Console.Out.WriteLineAsync("migrations applied");
        return 0;
    }
}
