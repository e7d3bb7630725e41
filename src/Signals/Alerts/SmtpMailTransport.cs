using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Signals.Alerts;

/// <summary>Sends through an SMTP server with MailKit; every failure names the server.</summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public string Destination => $"{options.Value.SmtpHost}:{options.Value.SmtpPort}";

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.SmtpHost!, o.SmtpPort, Security(o.SmtpSecurity), ct);
            if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new MailDeliveryException($"SMTP server {Destination}: {ex.Message}", ex);
        }
    }

    private static SecureSocketOptions Security(string value) => value switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        "auto" => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.None,
    };
}

public sealed class MailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
