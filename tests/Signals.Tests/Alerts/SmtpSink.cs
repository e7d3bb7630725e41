using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Signals.Tests.Alerts;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd, storing what it receives in a Maildir
/// that the test reads back. Missing aiosmtpd fails the test with a message (scripts/test.sh installs it).
/// </summary>
internal sealed class SmtpSink : IDisposable
{
    private readonly Process _process;

    private SmtpSink(int port, string maildir, Process process)
    {
        Port = port;
        Maildir = maildir;
        _process = process;
    }

    public int Port { get; }
    public string Maildir { get; }

    public static async Task<SmtpSink> StartAsync(int port, string maildir)
    {
        var python = Environment.GetEnvironmentVariable("SIGNALS_TEST_PYTHON") ?? "/usr/bin/python3";
        var check = Process.Start(new ProcessStartInfo(python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!;
        await check.WaitForExitAsync();
        if (check.ExitCode != 0) Assert.Fail($"{python} cannot import aiosmtpd: install Debian's python3-aiosmtpd (scripts/test.sh does)");

        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(maildir, sub)); // a Maildir
        var info = new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(info)!;
        var sink = new SmtpSink(port, maildir, process);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) Assert.Fail($"aiosmtpd exited: {await process.StandardError.ReadToEndAsync()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        sink.Dispose();
        Assert.Fail($"aiosmtpd did not listen on 127.0.0.1:{port} within 10 s");
        return sink;
    }

    public IReadOnlyList<MimeMessage> Messages()
    {
        var dir = Path.Combine(Maildir, "new");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Order().Select(f => MimeMessage.Load(f)).ToList() : [];
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
