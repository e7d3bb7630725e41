namespace Signals.Storage;

/// <summary>
/// The database could not be reached (or stopped answering): the message names it (engine, host and port) and the cause in
/// one line. <see cref="Transient"/> when waiting may help (refused, timed out, starting up), not for a wrong password.
/// </summary>
public sealed class StoreUnavailableException(string message, bool transient, Exception inner) : Exception(message, inner)
{
    public bool Transient { get; } = transient;

    /// <summary>The innermost message: "Connection refused", not Npgsql's "Failed to connect to 127.0.0.1:5432".</summary>
    public static string Cause(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message;
    }
}
