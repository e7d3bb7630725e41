using Signals.Classification;
using Signals.Learning;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals promote [--candidate FILE]</c>: ships the candidate <c>train</c> wrote (after reading its comparison with the live
/// model): copies it and its card over models/adverse-event.zip, which a running worker hot-loads within its reload interval.
/// </summary>
internal static class PromoteCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "promote", "--candidate") is not { } o) return Task.FromResult(64);
        var live = SignalsPaths.Resolve("models", "adverse-event.zip");
        var candidate = o.GetValueOrDefault("--candidate", Path.Combine(Path.GetDirectoryName(live)!, TrainCommand.CandidateFile));
        if (!File.Exists(candidate))
        {
            Console.Error.WriteLine($"signals promote: no candidate model at {Path.GetFullPath(candidate)} (signals train writes one)");
            return Task.FromResult(66);
        }
        var loaded = AdverseEventModel.Load(candidate, new AdverseEventFeaturizer()); // a file that does not load is never shipped
        ct.ThrowIfCancellationRequested();
        Promotion.Promote(candidate, live);
        Console.WriteLine($"promote: {loaded.Version} copied over {Path.GetFullPath(live)} with its card; a running worker loads it within Signals:Classification:ReloadInterval");
        return Task.FromResult(0);
    }
}
