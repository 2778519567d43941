using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlOps.Deployment.Tests;

/// <summary>
/// A loopback HTTP server standing in for a scoring server: answers every request with <see cref="Handler"/> (by
/// default 200 and its name) and remembers the request ids and bodies it received.
/// </summary>
internal sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInServer(string name)
    {
        Name = name;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            Received.Enqueue((http.Request.Headers["X-Request-Id"].ToString(), http.Request.Path, await reader.ReadToEndAsync()));
            await Handler(http);
        });
        Handler = http => http.Response.WriteAsync(Name);
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    public Func<HttpContext, Task> Handler { get; set; }

    public ConcurrentQueue<(string RequestId, string Path, string Body)> Received { get; } = new();

    public static async Task<StandInServer> StartAsync(string name)
    {
        var server = new StandInServer(name);
        await server._app.StartAsync();
        server.Url = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
