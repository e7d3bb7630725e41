using MimeKit;

namespace Signals.Alerts;

/// <summary>Where alert e-mails go: an SMTP server, or a pickup folder of .eml files on embedded defaults.</summary>
public interface IMailTransport
{
    /// <summary>A description for logs and errors (host:port or folder).</summary>
    string Destination { get; }

    Task SendAsync(MimeMessage message, CancellationToken ct);
}
