using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Faults;

/// <summary>
/// <c>signals run</c> as a child process with its health endpoint on a free port, its output
/// collected, and the ways ops end a process: SIGTERM (docker stop) and SIGKILL (kill -9).
/// </summary>
internal sealed class RunningWorker : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private RunningWorker(Process process, int healthPort)
    {
        _process = process;
        HealthPort = healthPort;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Starts <c>run</c> on the feeds file given, polling every second, with its own health port and no metrics listener unless the test set a port.</summary>
    public static RunningWorker Start(WorkerProcess worker, string feedsFile)
    {
        var healthPort = LoopbackHttpServer.FreePort();
        worker.Environment["Signals__Feeds__FeedsFile"] = feedsFile;
        worker.Environment["Signals__Feeds__SchedulerTick"] = "00:00:01";
        worker.Environment["Signals__Health__Host"] = "127.0.0.1";
        worker.Environment["Signals__Health__Port"] = healthPort.ToString();
        worker.Environment.TryAdd("Signals__Health__MetricsPort", "0");
        return new RunningWorker(worker.Start("run"), healthPort);
    }

    /// <summary>Starts <c>run</c> on the shipped configuration (config/feeds.json: the bundled demo), with only its health port moved to a free one.</summary>
    public static RunningWorker StartOnDefaults(WorkerProcess worker)
    {
        var healthPort = LoopbackHttpServer.FreePort();
        worker.Environment["Signals__Health__Port"] = healthPort.ToString();
        worker.Environment.TryAdd("Signals__Health__MetricsPort", "0");
        return new RunningWorker(worker.Start("run"), healthPort);
    }

    public int HealthPort { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int Pid => _process.Id;

    /// <summary>The liveness answer's status, or null while the endpoint does not answer.</summary>
    public async Task<HttpStatusCode?> LiveAsync()
    {
        try { using var response = await _http.GetAsync("health/live"); return response.StatusCode; }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return null; }
    }

    /// <summary>The readiness answer: status and the checks by name, or null while the endpoint does not answer.</summary>
    public async Task<(HttpStatusCode Status, Dictionary<string, (bool Healthy, string Detail)> Checks)?> ReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("health/ready");
            var body = await response.Content.ReadAsStringAsync();
            var checks = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => (c.GetProperty("healthy").GetBoolean(), c.GetProperty("detail").GetString() ?? ""));
            return (response.StatusCode, checks);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException) { return null; }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> and the worker's output after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (await condition()) return;
            if (_process.HasExited) Assert.Fail($"the worker exited ({_process.ExitCode}) while waiting for {what}:\n{Output}");
            await Task.Delay(250);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; worker output:\n{Output}");
    }

    /// <summary>SIGTERM, as <c>docker stop</c> sends; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? within = null)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void Kill9()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill9();
        _process.Dispose();
        _http.Dispose();
    }
}
