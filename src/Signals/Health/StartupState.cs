namespace Signals.Health;

/// <summary>
/// What the worker is still doing before its services run (waiting for the database, applying migrations), for /health/ready:
/// the health endpoint answers from the first second, so a liveness probe does not kill a worker that is only waiting.
/// </summary>
public sealed class StartupState
{
    private volatile string? _pending;

    /// <summary>Null once started; else what start-up is waiting for, in words an operator can act on.</summary>
    public string? Pending => _pending;

    public void Waiting(string reason) => _pending = reason;

    public void Started() => _pending = null;
}
