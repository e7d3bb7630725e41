using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Signals.Tests.Faults;

/// <summary>
/// A small SMTP server on loopback (RFC 5321's plain commands, no extensions beyond SIZE and
/// 8BITMIME) whose test decides, once a message's data has arrived and before answering, whether
/// it accepts it. A message counts as delivered only when the server answered 250 to its data,
/// as with any real server; that is what lets a test kill the worker in the middle of a delivery.
/// </summary>
internal sealed class ScriptedSmtpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<MimeMessage> _accepted = [];

    public ScriptedSmtpServer()
    {
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Called with each complete message before the server answers; false leaves it unanswered and unaccepted.</summary>
    public Func<MimeMessage, bool> BeforeAccept { get; set; } = _ => true;

    public IReadOnlyList<MimeMessage> Accepted { get { lock (_accepted) return _accepted.ToList(); } }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost scripted SMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteAsync("250-localhost\r\n250-SIZE 52428800\r\n250 8BITMIME\r\n");
                        break;
                    case "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } d && d != ".")
                            data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                        var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())));
                        if (!BeforeAccept(message)) return; // no answer: the sender cannot know it arrived
                        lock (_accepted) _accepted.Add(message);
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException) { /* the client went away */ }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
