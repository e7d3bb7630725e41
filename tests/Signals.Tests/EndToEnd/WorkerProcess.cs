using System.Diagnostics;

namespace Signals.Tests.EndToEnd;

/// <summary>Runs the real <c>signals</c> executable (copied into the test output) as a child process, in its own working directory.</summary>
internal sealed class WorkerProcess
{
    public WorkerProcess(string workDirectory)
    {
        WorkDirectory = workDirectory;
        // Embedded defaults, but kept inside this test's folder.
        Environment["Signals__Storage__Provider"] = "sqlite";
        Environment["Signals__Storage__ConnectionString"] = $"Data Source={DatabasePath}";
        Environment["Signals__Email__PickupDirectory"] = OutboxPath;
    }

    public string WorkDirectory { get; }
    public string DatabasePath => Path.Combine(WorkDirectory, "signals.db");
    public string OutboxPath => Path.Combine(WorkDirectory, "outbox");
    public Dictionary<string, string> Environment { get; } = [];

    public static string Dll => Path.Combine(TestContext.CurrentContext.TestDirectory, "signals.dll");

    public Process Start(params string[] args) => Start(redirectInput: false, args);

    private Process Start(bool redirectInput, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkDirectory,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in Environment) info.Environment[k] = v;
        info.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start signals");
    }

    /// <summary>Waits until a started <c>signals review</c> answers its API on <paramref name="port"/>; fails the test if it exits or takes over a minute.</summary>
    public static async Task WaitForReviewAsync(Process review, int port)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/api/alerts")).StatusCode == System.Net.HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            if (review.HasExited) Assert.Fail($"signals review exited {review.ExitCode}: {await review.StandardError.ReadToEndAsync()}");
            await Task.Delay(250);
        }
        Assert.Fail("signals review did not answer within a minute");
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs to the end with <paramref name="input"/> (if any) on standard input.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInputAsync(string? input, params string[] args)
    {
        using var process = Start(input is not null, args);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"signals {string.Join(' ', args)} did not finish within 4 minutes");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
