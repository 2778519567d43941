using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace MlOps.Deployment.Tests;

/// <summary>
/// A loopback HTTP server standing in for a scoring server: answers every request with <see cref="Handler"/> (by
/// default 200 and its name) and remembers the request ids and bodies it received.
/// </summary>
internal sealed class StandInServer : IAsyncDisposable
{
    private LoopbackHost? _host;

    private StandInServer(string name)
    {
        Name = name;
        Handler = http => http.Response.WriteAsync(Name);
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    public Func<HttpContext, Task> Handler { get; set; }

    public ConcurrentQueue<(string RequestId, string Path, string Body)> Received { get; } = new();

    public static async Task<StandInServer> StartAsync(string name)
    {
        var server = new StandInServer(name);
        server._host = await LoopbackHost.StartAsync(server.ReceiveAsync);
        server.Url = server._host.BaseUri.ToString().TrimEnd('/');
        return server;
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        Received.Enqueue((http.Request.Headers["X-Request-Id"].ToString(), http.Request.Path, await reader.ReadToEndAsync()));
        await Handler(http);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
