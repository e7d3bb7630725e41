using System.Net;
using System.Net.Sockets;

namespace Signals.Tests.Feeds;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) whose responses a test scripts per request; requests are served concurrently.</summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly Task _loop;

    public LoopbackHttpServer(Func<HttpListenerRequest, HttpListenerResponse, Task> handler) : this(context => handler(context.Request, context.Response))
    {
    }

    /// <summary>A WebSocket server: each connection is accepted and handed to <paramref name="session"/> with its request (for the query string).</summary>
    public static LoopbackHttpServer WebSocket(Func<HttpListenerRequest, System.Net.WebSockets.WebSocket, Task> session) => new(async context =>
    {
        if (!context.Request.IsWebSocketRequest) { context.Response.StatusCode = 400; return; }
        var accepted = await context.AcceptWebSocketAsync(subProtocol: null);
        await session(context.Request, accepted.WebSocket);
    });

    private LoopbackHttpServer(Func<HttpListenerContext, Task> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";
    public string WebSocketUrl(string path) => $"ws://127.0.0.1:{Port}/{path.TrimStart('/')}";
    public List<HttpListenerRequest> Requests { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            lock (Requests) Requests.Add(context.Request);
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try { await _handler(context); }
        catch (Exception) { try { context.Response.StatusCode = 500; } catch (Exception) { /* headers already sent */ } }
        finally { try { context.Response.Close(); } catch (Exception) { /* client went away */ } }
    }

    public int RequestCount { get { lock (Requests) return Requests.Count; } }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
