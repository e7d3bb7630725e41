using Microsoft.Extensions.Configuration;
using Signals.Health;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals health [--live]</c>: asks the running worker's health endpoint (on this machine) and exits 0 when it
/// is ready (or live), 1 otherwise, printing the answer. For container health checks, where no curl is installed.
/// </summary>
internal static class HealthCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var path = args is ["--live"] ? "health/live" : args.Length == 0 ? "health/ready" : null;
        if (path is null) return Usage.Print(Console.Error, 64, "health takes no argument but --live");
        var options = new HealthOptions();
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(SignalsPaths.Find("config"), "appsettings.json"), optional: true)
            .AddEnvironmentVariables().Build()
            .GetSection(HealthOptions.Section).Bind(options);
        var url = $"http://127.0.0.1:{options.Port}/{path}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(url, ct);
            await Console.Out.WriteLineAsync(await response.Content.ReadAsStringAsync(ct));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"signals health: {url}: {ex.Message}");
            return 1;
        }
    }
}
