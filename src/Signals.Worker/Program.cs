using Microsoft.Extensions.Options;
using Signals.Worker;
using Signals.Worker.Commands;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

if (args is ["--help" or "-h" or "help", ..]) return Usage.Print(Console.Out, 0);
var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
var rest = args.Length > 0 && verb == args[0] ? args[1..] : args;
if (Usage.Knows(verb) && rest.Any(a => a is "--help" or "-h")) return Usage.PrintVerb(Console.Out, verb);

try
{
    return verb switch
    {
        "run" => await RunCommand.RunAsync(rest, stop.Token),
        "replay" => await ReplayCommand.RunAsync(rest, stop.Token),
        "alerts" => await AlertsCommand.RunAsync(rest, stop.Token),
        "migrate" => await MigrateCommand.RunAsync(rest, stop.Token),
        "classify" => await ClassifyCommand.RunAsync(rest, stop.Token),
        "detect" => await DetectCommand.RunAsync(rest, stop.Token),
        "digest" => await DigestCommand.RunAsync(rest, stop.Token),
        "health" => await HealthCommand.RunAsync(rest, stop.Token),
        "fetch" => await FetchCommand.RunAsync(rest, stop.Token),
        "train" => await TrainCommand.RunAsync(rest, stop.Token),
        "evaluate" => await EvaluateCommand.RunAsync(rest, stop.Token),
        "forget" => await ForgetCommand.RunAsync(rest, stop.Token),
        "review" => await ReviewCommand.RunAsync(rest, stop.Token),
        "export-verdicts" => await ExportVerdictsCommand.RunAsync(rest, stop.Token),
        "promote" => await PromoteCommand.RunAsync(rest, stop.Token),
        "learning-curve" => await LearningCurveCommand.RunAsync(rest, stop.Token),
        _ => Usage.Print(Console.Error, 64, $"unknown verb '{verb}'"),
    };
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"signals: invalid configuration: {string.Join("; ", ex.Failures)}");
    return 78; // EX_CONFIG
}
catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"signals: invalid configuration: {ex.Message}");
    return 78;
}
catch (Signals.Storage.StoreInUseException ex)
{
    await Console.Error.WriteLineAsync($"signals: {ex.Message}");
    return 75; // EX_TEMPFAIL: try again when the other process is done
}
catch (Signals.Storage.StoreUnavailableException ex)
{
    await Console.Error.WriteLineAsync($"signals: {ex.Message}");
    return 69; // EX_UNAVAILABLE: the database could not be reached (run waits for it instead)
}
catch (System.Data.Common.DbException ex) when (!stop.IsCancellationRequested)
{
    // A verb whose database failed mid-way (the verbs that store, replay and run, name it themselves): one line, not a trace.
    await Console.Error.WriteLineAsync($"signals: the database failed: {Signals.Storage.StoreUnavailableException.Cause(ex)}");
    return 69;
}
catch (InvalidDataException ex)
{
    await Console.Error.WriteLineAsync($"signals: {ex.Message}");
    return 78;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 130;
}
