using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Core.DataChecks;
using MlOps.Core.Modeling;
using MlOps.Models;

namespace MlOps.Server;

/// <summary>
/// The scoring server (ASP.NET Core minimal API on Kestrel): POST /score, GET /health/live, GET /health/ready,
/// GET /v1/model and GET /metrics (Prometheus). Bad input is always a 4xx problem response naming the field; only a fault of the model is a 500.
/// </summary>
public static class ScoringServer
{
    private const string LogCategory = "MlOps.Server";
    private const string JsonType = "application/json; charset=utf-8";

    /// <param name="profile">The model's training profile (profile.json): without it there are no drift gauges.</param>
    public static WebApplication Build(IScoringModel model, ScoringServerOptions options, DataProfile? profile = null)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Not the working directory: an appsettings.json in the user's repo must not reconfigure the server.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Warnings and errors only, so `mlops serve` output stays the CLI's own; per-request logs would flood CI logs.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k =>
        {
            // A backstop for every route; /score lifts it per request and counts the payload itself (see RequestBody).
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.AddServerHeader = false;
        });
        builder.WebHost.UseUrls(Url(options));

        // Registered so StartAsync, which only gets the app, can find what to warm up.
        builder.Services.AddSingleton(services => new ModelReadiness(model, services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory)));
        if (options.RequestLogPath is { } logPath)
        {
            // Made by the container so it is disposed (drained) with the app; a hosted service so a graceful stop
            // drains it after Kestrel has finished the requests in flight.
            builder.Services.AddSingleton(services => new RequestLog(logPath, options.RequestLogSampleRate, model.Card,
                services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory)));
            builder.Services.AddHostedService(services => services.GetRequiredService<RequestLog>());
        }
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        var readiness = app.Services.GetRequiredService<ModelReadiness>();

        var reference = options.ModelReference ?? model.Card.Name;
        var card = CardJson(model.Card, reference);
        var metrics = new ServerMetrics(model.Card, reference);
        var drift = Drift(model.Card, options, profile, logger);
        if (drift is not null) metrics.AddDrift(drift);
        // Routing runs before these (WebApplication adds it first), so both see which endpoint a request matched.
        app.Use((http, next) => Measure(http, next, metrics));
        if (options.ApiKey is not null) app.Use(new ApiKeyCheck(options.ApiKey).InvokeAsync);
        app.MapGet("/health/live", () => Results.Text("""{"status":"live"}""", JsonType));
        app.MapGet("/health/ready", () => readiness.IsReady
            ? Results.Text("""{"status":"ready"}""", JsonType)
            : Results.Text("""{"status":"not ready"}""", JsonType, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/v1/model", () => Results.Text(card, JsonType)).WithMetadata(ApiKeyRequired.Instance);
        app.MapPost("/score", new ScoreEndpoint(model, options, reference, metrics, drift, app.Services.GetService<RequestLog>(), logger).HandleAsync).WithMetadata(ApiKeyRequired.Instance);
        app.MapGet("/metrics", metrics.WriteAsync);
        return app;
    }

    private static DriftTracker? Drift(ModelCard card, ScoringServerOptions options, DataProfile? profile, ILogger logger)
    {
        if (options.DriftWindowRows == 0) return null;
        if (profile is null)
        {
            logger.LogWarning("no drift gauges on /metrics: the model folder has no training profile ({File}, written by mlops train) to compare the traffic with",
                DataProfile.FileName);
            return null;
        }
        return new DriftTracker(profile, card, options.DriftWindowRows, logger);
    }

    /// <summary>Counts and times every request; the route pattern, not the path, labels it so a scan of random paths
    /// cannot create unbounded metric series.</summary>
    private static async Task Measure(HttpContext http, RequestDelegate next, ServerMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.Observe(endpoint, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Starts listening, then warms the model up before returning, so a caller that got the URL can rely on
    /// /health/ready; probes that arrive during the warm-up see 503. A failed warm-up is logged and leaves the server
    /// live but not ready (the caller decides; `mlops deploy` checks /health/ready).
    /// </summary>
    public static async Task<string> StartAsync(WebApplication app, CancellationToken ct = default)
    {
        await app.StartAsync(ct);
        if (app.Services.GetService<ModelReadiness>() is { } readiness)
            await Task.Run(readiness.WarmUp, ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.FirstOrDefault()?.TrimEnd('/')
               ?? throw new InvalidOperationException("the server started but reports no address");
    }

    private static string Url(ScoringServerOptions options)
    {
        // Kestrel refuses port 0 on "localhost" (it would bind IPv4 and IPv6 to two different ports); loopback IPv4 is
        // what a user asking for localhost with any free port means.
        var host = options.Port == 0 && options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : options.Host;
        return $"http://{(host.Contains(':') ? $"[{host}]" : host)}:{options.Port}";
    }

    /// <summary>The card exactly as model.json has it, plus the reference the server was started with.</summary>
    private static string CardJson(ModelCard card, string reference)
    {
        var json = new JsonObject { ["reference"] = reference };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(card, ModelCard.Json)!.AsObject().ToList())
            json[name] = value?.DeepClone();
        return json.ToJsonString(ModelCard.Json);
    }
}
