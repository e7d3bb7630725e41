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
        var unmatched = new List<int>();
        for (var i = 0; i < authors.Count; i++)
            if (await erasure.ForgetAsync(authors[i], ct) is var posts && posts == 0) unmatched.Add(i + 1);
            else total += posts;
        // The handle is not echoed: terminal output ends up in logs and tickets too. An author name that matched nothing is said
        // so by its position, so a typo (or a handle in another form than the source's) is not taken for an erasure.
        foreach (var position in unmatched)
            await Console.Out.WriteLineAsync($"forget: author name {position} of {authors.Count} matched no stored post; nothing was changed for it (write the handle as the source names it: docs/operations.md#privacy)");
        if (unmatched.Count < authors.Count)
            await Console.Out.WriteLineAsync($"forget: texts and links of {total} posts deleted ({authors.Count - unmatched.Count} author name{(authors.Count - unmatched.Count == 1 ? "" : "s")}); their pseudonyms were replaced, counts unchanged");
        return unmatched.Count == 0 ? 0 : 1;
    }
}
