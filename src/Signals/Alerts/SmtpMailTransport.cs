using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;

namespace Signals.Alerts;

/// <summary>
/// Sends through an SMTP server with MailKit; every failure names the server. Within one delivery,
/// a server that is unreachable or answers with a temporary (4xx) error is retried with
/// exponential back-off and jitter; what still fails is recorded on the alert by the dispatcher,
/// which tries again at its next round.
/// </summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.Value.Retries),
            Delay = options.Value.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<SocketException>().Handle<IOException>().Handle<ServiceNotConnectedException>()
                .Handle<SmtpCommandException>(e => (int)e.StatusCode >= 400 && (int)e.StatusCode < 500)
                .Handle<SmtpProtocolException>(),
        })
        .Build();

    public string Destination => $"{options.Value.SmtpHost}:{options.Value.SmtpPort}";

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        try
        {
            if (options.Value.Retries == 0) await SendOnceAsync(message, ct);
            else await _retry.ExecuteAsync(async token => await SendOnceAsync(message, token), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new MailDeliveryException($"SMTP server {Destination}: {ex.Message}", ex);
        }
    }

    private async Task SendOnceAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        await client.ConnectAsync(o.SmtpHost!, o.SmtpPort, Security(o.SmtpSecurity), ct);
        if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
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
