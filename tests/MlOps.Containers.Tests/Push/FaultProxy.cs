using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.Containers.Tests.Push;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of a registry that answers a seeded share of requests itself with 500, 502,
/// 503 or 429, or resets the connection: before forwarding (the registry never saw it) or after (the registry acted,
/// the client never hears), the case that makes a retried chunk land twice. The Host header is kept, so the
/// registry's Location headers point back at the proxy.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private static readonly string[] Hop = ["Transfer-Encoding", "Connection", "Keep-Alive"];
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Random _random;
    private readonly double _rate;
    private readonly string _target;

    private FaultProxy(string target, double rate, int seed)
    {
        _target = target;
        _rate = rate;
        _random = new Random(seed);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public string Host { get; private set; } = "";
    public int Requests;
    public int Faults;
    public int ResetsAfterForward;

    /// <summary>Changes a forwarded answer before it goes back (a test's tampering), or null.</summary>
    public Action<HttpRequest, HttpResponseMessage>? Tamper { get; set; }

    public static async Task<FaultProxy> StartAsync(string target, double rate, int seed)
    {
        var proxy = new FaultProxy(target, rate, seed);
        await proxy._app.StartAsync();
        proxy.Host = new Uri(proxy._app.Urls.First()).Authority;
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        int fault;
        lock (_random) fault = _random.NextDouble() < _rate ? _random.Next(6) : -1;
        if (fault >= 0) Interlocked.Increment(ref Faults);
        switch (fault)
        {
            case 0 or 1 or 2 or 3:
                context.Response.StatusCode = fault switch { 0 => 500, 1 => 502, 2 => 503, _ => 429 };
                return;
            case 4:
                context.Abort();
                return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://{_target}{context.Request.Path}{context.Request.QueryString}");
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.ContentLength is not null) request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is "Host" || Hop.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        request.Headers.Host = context.Request.Host.Value;
        using var response = await _upstream.SendAsync(request);
        if (fault == 5)
        {
            Interlocked.Increment(ref ResetsAfterForward);
            context.Abort();
            return;
        }
        Tamper?.Invoke(context.Request, response);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!Hop.Contains(name, StringComparer.OrdinalIgnoreCase)) context.Response.Headers[name] = values.ToArray();
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
