using System.ComponentModel.DataAnnotations;

namespace Signals.Health;

/// <summary>Section <c>Signals:Health</c>: the small HTTP listener for /health/live and /health/ready.</summary>
public sealed class HealthOptions
{
    public const string Section = "Signals:Health";

    /// <summary>Serve the health endpoints while the worker runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Address the health and metrics endpoints listen on: <c>*</c> (all interfaces) or a host name or IP. Default <c>127.0.0.1</c>:
    /// they ask for no credentials and name the database, feeds, SMTP errors and counts, so a local run keeps them to this machine;
    /// the container image sets <c>*</c> (Dockerfile) for its orchestrator and Prometheus. See docs/operations.md.
    /// </summary>
    [Required] public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Signals:Health:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 8080;

    /// <summary>Port of the Prometheus /metrics endpoint (0 turns it off). Default 9464, the exporter's usual port.</summary>
    [Range(0, 65535, ErrorMessage = "Signals:Health:MetricsPort must be between 0 and 65535.")]
    public int MetricsPort { get; set; } = 9464;

    /// <summary>A feed failing this many times in a row counts as paused and makes the worker unready. Default 10.</summary>
    [Range(1, 1000, ErrorMessage = "Signals:Health:FeedErrorLimit must be between 1 and 1000.")]
    public int FeedErrorLimit { get; set; } = 10;
}
