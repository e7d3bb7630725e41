using Microsoft.Extensions.DependencyInjection;
using Signals.Review;
using Signals.Storage;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals export-verdicts --out FILE.tsv</c>: the posts analysts judged on the review page, whose text is still kept,
/// as <c>label&lt;TAB&gt;text&lt;TAB&gt;verdict</c> — the labelled-file format <c>signals train --data</c> and <c>evaluate --data</c>
/// read. Label 1 is an adverse event; the four other verdicts are 0, and the verdict column keeps which.
/// </summary>
internal static class ExportVerdictsCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "export-verdicts", "--out") is not { } o) return 64;
        if (!o.TryGetValue("--out", out var output)) return Usage.Print(Console.Error, 64, "export-verdicts: --out FILE.tsv is required");
        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        var judged = await host.Services.GetRequiredService<ISignalStore>().ListJudgedPostsAsync(ct);
        if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } dir) Directory.CreateDirectory(dir);
        await using (var writer = new StreamWriter(output, append: false, new System.Text.UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("label\ttext\tverdict");
            foreach (var post in judged)
                await writer.WriteLineAsync($"{(post.Verdict == Verdict.AdverseEvent ? 1 : 0)}\t{OneLine(post.Text)}\t{post.Verdict.Code()}");
        }
        var positives = judged.Count(p => p.Verdict == Verdict.AdverseEvent);
        Console.WriteLine($"export-verdicts: {judged.Count} judged posts written to {Path.GetFullPath(output)} ({positives} adverse events, {judged.Count - positives} not)");
        return 0;
    }

    /// <summary>A tab or line break inside a post would end its field or its row; a space reads the same to the classifier.</summary>
    private static string OneLine(string text) => string.Join(' ', text.Split(['\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
