using Microsoft.Extensions.DependencyInjection;
using Signals.Storage;

namespace Signals.Worker.Commands;

/// <summary><c>signals forget --author HANDLE [--author HANDLE...]</c>: a data-subject request — that author's texts and links go, counts stay.</summary>
internal static class ForgetCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var authors = new List<string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] != "--author" || i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
                return Usage.Print(Console.Error, 64, $"forget: expected --author HANDLE (got '{args[i]}')");
            authors.Add(args[i + 1]);
        }
        if (authors.Count == 0) return Usage.Print(Console.Error, 64, "forget: --author HANDLE is required");

        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        var erasure = host.Services.GetRequiredService<AuthorErasure>();
        var total = 0;
        foreach (var author in authors) total += await erasure.ForgetAsync(author, ct);
        // The handle is not echoed: terminal output ends up in logs and tickets too.
        await Console.Out.WriteLineAsync($"forget: texts and links of {total} posts deleted ({authors.Count} author name{(authors.Count == 1 ? "" : "s")}); counts unchanged");
        return 0;
    }
}
