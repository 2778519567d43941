using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Router;

/// <summary>
/// The local target's router: one loopback port that stays the environment's URL across versions, forwarding each
/// request (YARP's forwarder) to live or candidate by the current <see cref="RouteTable"/>, mirroring a share to the
/// candidate, and naming the answering version in X-Mlops-Variant. Routes change through a second, admin listener.
/// </summary>
public sealed class WeightedRouter : IAsyncDisposable
{
    private readonly RouteTableHolder _routes = new();
    private readonly RouterOptions _options;
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });
    private readonly HttpClient _mirrorClient = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
    private WebApplication? _public;
    private WebApplication? _admin;
    private long _mirrored;

    private WeightedRouter(RouterOptions options) => _options = options;

    public RouterAddresses Addresses { get; private set; } = new("", "");

    public RouteTable Routes => _routes.Current;

    /// <summary>Mirrored copies sent to a candidate so far.</summary>
    public long Mirrored => Interlocked.Read(ref _mirrored);

    public static async Task<WeightedRouter> StartAsync(RouterOptions options, CancellationToken ct = default)
    {
        var router = new WeightedRouter(options);
        router._public = Build(options.Host, options.Port, services => services.AddHttpForwarder());
        router._public.Run(router.ForwardAsync);
        router._admin = Build(options.Host, 0, _ => { });
        router.MapAdmin(router._admin);
        await router._public.StartAsync(ct);
        await router._admin.StartAsync(ct);
        router.Addresses = new RouterAddresses(AddressOf(router._public), AddressOf(router._admin));
        if (options.UrlFile is not null)
            Core.IO.AtomicFile.Write(options.UrlFile, System.Text.Json.JsonSerializer.Serialize(router.Addresses, RouterJson.Options));
        return router;
    }

    /// <summary>Replaces the routes; returns once requests forwarded under the old ones are answered (false: not within the drain timeout).</summary>
    public Task<bool> SetRoutesAsync(RouteTable table, CancellationToken ct = default) =>
        table.Problem() is { } problem ? throw new ArgumentException(problem, nameof(table)) : _routes.ReplaceAsync(table, _options.Drain, ct);

    private static WebApplication Build(string host, int port, Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port));
        services(builder.Services);
        return builder.Build();
    }

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private async Task ForwardAsync(HttpContext http)
    {
        var table = _routes.Enter();
        try
        {
            if (table.Live is null)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await http.Response.WriteAsync("no version is deployed behind this router yet\n");
                return;
            }
            var requestId = http.Request.Headers[VariantChooser.RequestIdHeader].FirstOrDefault();
            var toCandidate = VariantChooser.ToCandidate(table, requestId);
            if (toCandidate) http.Request.EnableBuffering(); // so a candidate that refuses the connection can be replaced by live
            else if (VariantChooser.Mirrored(table, requestId)) await MirrorAsync(http, table.Candidate!);
            var forwarder = http.RequestServices.GetRequiredService<IHttpForwarder>();
            var variant = toCandidate ? table.Candidate! : table.Live;
            var error = await forwarder.SendAsync(http, variant.Url, _client, ForwarderRequestConfig.Empty, new VariantHeaderTransformer(variant.Name));
            // A candidate that is gone (crashed, or stopped by a rollback) must not cost the client its answer.
            if (error == ForwarderError.Request && toCandidate && !http.Response.HasStarted)
            {
                http.Features.Set<IForwarderErrorFeature>(null);
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Request.Body.Position = 0;
                await forwarder.SendAsync(http, table.Live.Url, _client, ForwarderRequestConfig.Empty, new VariantHeaderTransformer(table.Live.Name));
            }
        }
        finally
        {
            RouteTableHolder.Leave(table);
        }
    }

    /// <summary>Sends a copy of the request to the candidate in the background; its answer (or failure) is discarded.</summary>
    private async Task MirrorAsync(HttpContext http, RouteVariant candidate)
    {
        http.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        http.Request.Body.Position = 0;
        var copy = new HttpRequestMessage(new HttpMethod(http.Request.Method), candidate.Url + http.Request.Path + http.Request.QueryString)
        {
            Content = new ByteArrayContent(buffer.ToArray()),
        };
        if (http.Request.ContentType is { } type) copy.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        foreach (var header in new[] { VariantChooser.RequestIdHeader, "Authorization", "X-Api-Key" })
            if (http.Request.Headers.TryGetValue(header, out var value)) copy.Headers.TryAddWithoutValidation(header, value.ToString());
        Interlocked.Increment(ref _mirrored);
        _ = Task.Run(async () =>
        {
            try
            {
                using var response = await _mirrorClient.SendAsync(copy);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The copy is for the candidate's own metrics and logs; the client already has live's answer.
            }
            finally
            {
                copy.Dispose();
            }
        });
    }

    private void MapAdmin(WebApplication admin)
    {
        admin.MapGet("/routes", () => Results.Json(new RouterView(_routes.Current, Mirrored), RouterJson.Options));
        admin.MapPut("/routes", async (HttpContext http) =>
        {
            RouteTable? table;
            try
            {
                table = await http.Request.ReadFromJsonAsync<RouteTable>(RouterJson.Options, http.RequestAborted);
            }
            catch (System.Text.Json.JsonException e)
            {
                return Results.Problem(e.Message, statusCode: 400, title: "not a route table");
            }
            var problem = table is null ? "empty body: expected a route table" : table.Problem();
            if (problem is not null)
                return Results.Problem(problem, statusCode: 400, title: "bad route table");
            var drained = await _routes.ReplaceAsync(table!, _options.Drain, http.RequestAborted);
            return Results.Json(new RouterView(_routes.Current, Mirrored) { Drained = drained }, RouterJson.Options);
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_public is not null) await _public.DisposeAsync();
        if (_admin is not null) await _admin.DisposeAsync();
        _client.Dispose();
        _mirrorClient.Dispose();
    }
}
