using System.Data.Common;
using Signals.Storage;

namespace Signals;

/// <summary>
/// What a <see cref="PeriodicService"/> says about rounds that keep failing the same way (a database outage fails every
/// round, every tick): a line when the failure starts or changes, a one-line reminder every <see cref="ReminderEvery"/> while
/// it lasts, a line when it ends — not a stack trace per tick. Not thread-safe: one service's rounds run one at a time.
/// </summary>
public sealed class FailureStreak
{
    /// <summary>How often a failure that goes on is recalled in the log: often enough to be seen in a tail, rarely enough to read.</summary>
    public static readonly TimeSpan ReminderEvery = TimeSpan.FromMinutes(5);

    private string? _failure;
    private DateTimeOffset _since, _lastReport;
    private int _rounds;

    /// <summary>A round failed: the line to log (and whether it is new), or null when it was said already and no reminder is due.</summary>
    public (string Line, bool IsNew)? Failed(Exception exception, DateTimeOffset now)
    {
        var failure = Describe(exception);
        _rounds++;
        if (failure != _failure)
        {
            if (_failure is null) { _since = now; _rounds = 1; }
            _failure = failure;
            _lastReport = now;
            return ($"{failure} (repeats are not logged each round; a reminder every {ReminderEvery.TotalMinutes:0} min)", true);
        }
        if (now - _lastReport < ReminderEvery) return null;
        _lastReport = now;
        return ($"still failing since {_since:yyyy-MM-dd'T'HH:mm:ss'Z'} ({_rounds} rounds): {failure}", false);
    }

    /// <summary>A round succeeded: the line saying the failure is over, or null when there was none.</summary>
    public string? Succeeded(DateTimeOffset now)
    {
        if (_failure is null) return null;
        var line = $"recovered after {_rounds} failed rounds over {(now - _since).TotalSeconds:0} s (last failure: {_failure})";
        _failure = null;
        _rounds = 0;
        return line;
    }

    /// <summary>A database that is down or refusing is an outage, not a bug: its one-line message says it all, a trace adds nothing.</summary>
    public static bool IsOutage(Exception exception) => exception is StoreUnavailableException or DbException or TimeoutException;

    private static string Describe(Exception exception) => exception switch
    {
        StoreUnavailableException => exception.Message.ReplaceLineEndings(" "),
        DbException => $"database failed: {StoreUnavailableException.Cause(exception).ReplaceLineEndings(" ")}",
        _ => $"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}",
    };
}

/// <summary>A round's failure as logged once it is known: one line, no stack trace (the first occurrence had it, if it was a bug).</summary>
public sealed class RoundFailedException(string message) : Exception(message);
