using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Health;

/// <summary>
/// /health/live (the process answers) and /health/ready (<see cref="ReadinessCheck"/>: 200 or 503
/// with the checks as JSON) on a small HttpListener — a worker needs no web framework for two URLs,
/// and the runtime image stays the plain .NET runtime.
/// </summary>
public sealed class HealthEndpoint(IServiceProvider services, IOptions<HealthOptions> options, ILogger<HealthEndpoint> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _started;

    /// <summary>Starts listening once: `run` starts it before waiting for the database, and the host's own start is then a no-op.</summary>
    public override Task StartAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _started, 1) == 0 ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var listener = new HttpListener();
        var prefix = $"http://{options.Value.Host}:{options.Value.Port}/";
        listener.Prefixes.Add(prefix);
        try { listener.Start(); }
        catch (HttpListenerException ex)
        {
            logger.HealthListenerFailed(prefix, ex.Message);
            return; // the worker goes on without health endpoints rather than not at all
        }
        logger.HealthListening(prefix);
        await using var stopping = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stoppingToken.IsCancellationRequested) { break; }
            catch (HttpListenerException) { continue; }
            _ = Task.Run(() => AnswerAsync(context, stoppingToken), stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken ct)
    {
        var response = context.Response;
        try
        {
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/health/live":
                    await WriteAsync(response, 200, new { status = "live" }, ct);
                    break;
                case "/health/ready":
                    var checks = await services.GetRequiredService<ReadinessCheck>().RunAsync(ct);
                    var ready = checks.All(c => c.Healthy);
                    await WriteAsync(response, ready ? 200 : 503, new { status = ready ? "ready" : "unready", checks }, ct);
                    break;
                default:
                    await WriteAsync(response, 404, new { status = "not found" }, ct);
                    break;
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.HealthAnswerFailed(ex);
            try { response.StatusCode = 500; } catch (InvalidOperationException) { /* headers already sent */ }
        }
        finally
        {
            response.Close();
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, object body, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body, Json));
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes, ct);
    }
}
