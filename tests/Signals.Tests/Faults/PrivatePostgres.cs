using System.Diagnostics;
using Signals.Tests.Feeds;

namespace Signals.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of one test's own, which it may stop and start (the shared one of
/// scripts/test.sh serves every other test). Made like scripts/test.sh makes its cluster:
/// initdb and pg_ctl, as the postgres user when the tests run as root, fsync off.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private PrivatePostgres(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=30";
    private string Data => Path.Combine(_dir, "data");

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("SIGNALS_TEST_PGBIN") is { Length: > 0 } b ? b
            : Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).Order().LastOrDefault() : null;
        if (bin is null) Assert.Fail("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin): run the tests with scripts/test.sh, which installs it.");
        var dir = Path.Combine("/tmp", $"signals-pg-{Guid.NewGuid():N}"[..24]); // short: the socket path has a length limit
        Directory.CreateDirectory(dir);
        var cluster = new PrivatePostgres(bin!, dir, LoopbackHttpServer.FreePort());
        if (IsRoot) await RunAsync("chown", "postgres:postgres", dir);
        await cluster.AsPostgresAsync("initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartAgainAsync();
        return cluster;
    }

    public Task StartAgainAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_dir, "pg.log"), "-w", "-o",
        $"-c listen_addresses=127.0.0.1 -p {Port} -c fsync=off -c synchronous_commit=off -c unix_socket_directories={_dir}", "start");

    public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop"); } catch (AssertionException) { /* already stopped */ }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgresAsync(string tool, params string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]) : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) Assert.Fail($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }
}
