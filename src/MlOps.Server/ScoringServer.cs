using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models;

namespace MlOps.Server;

/// <summary>
/// The scoring server (ASP.NET Core minimal API on Kestrel): POST /score, health probes and the model's signature.
/// Bad input is always a 4xx problem response naming the field; only a fault of the model itself is a 500.
/// </summary>
public static class ScoringServer
{
    public static WebApplication Build(IScoringModel model, ScoringServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.WebHost.UseUrls($"http://{(options.Host.Contains(':') ? $"[{options.Host}]" : options.Host)}:{options.Port}");
        var app = builder.Build();
        var reference = options.ModelReference ?? model.Card.Name;
        var ready = WarmUp(model, app.Logger);

        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", () => ready
            ? Results.Json(new { status = "ready" })
            : Results.Json(new { status = "not ready" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/v1/model", () => Results.Text(
            JsonSerializer.Serialize(new { reference, card = model.Card }, ModelCard.Json), "application/json"));
        // A HttpContext -> Task<IResult> lambda would bind as a RequestDelegate and drop the result, so run it here.
        app.MapPost("/score", async http => await (await ScoreAsync(http, model, reference, options, app.Logger)).ExecuteAsync(http));
        return app;
    }

    public static async Task<string> StartAsync(WebApplication app, CancellationToken ct = default)
    {
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return address.TrimEnd('/');
    }

    private static async Task<IResult> ScoreAsync(HttpContext http, IScoringModel model, string reference, ScoringServerOptions options, ILogger log)
    {
        try
        {
            if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                throw new BadRequestException($"Content-Type must be application/json, not '{http.Request.ContentType}'", status: 415);
            if (http.Request.ContentLength > options.MaxBodyBytes)
                throw new BadRequestException($"the body has {http.Request.ContentLength} bytes; at most {options.MaxBodyBytes} are accepted", status: 413);
            using var document = await ReadJsonAsync(http);
            var table = ScoreRequestReader.Read(document.RootElement, model.Card, options.MaxRows);
            return Results.Json(ScoreResponseWriter.Write(reference, model.Card, model.Predict(table)));
        }
        catch (BadRequestException e)
        {
            return Problem(e.Status, e.Message, e.Field);
        }
        catch (InvalidInputException e)
        {
            return Problem(400, e.Message, null);
        }
        catch (Exception e)
        {
            log.LogError(e, "scoring failed");
            return Problem(500, "the model failed to score this request; see the server log", null);
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext http)
    {
        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadRequestException($"malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message.Split(". ")[0]}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new BadRequestException($"the body is larger than {http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes", status: 413);
        }
    }

    private static IResult Problem(int status, string detail, string? field) =>
        Results.Json(new { title = status == 500 ? "scoring failed" : "invalid input", status, detail, field },
            statusCode: status, contentType: "application/problem+json");

    /// <summary>One prediction on a row of missing values loads every lazy part of the model before /health/ready says yes.</summary>
    private static bool WarmUp(IScoringModel model, ILogger log)
    {
        try
        {
            var columns = model.Card.Features.Select(f => f.Kind == ColumnKind.Numeric
                ? TableColumn.Numeric(f.Name, [double.NaN])
                : TableColumn.Categorical(f.Name, [null])).ToList();
            model.Predict(new Table(columns, [0], "warm-up"));
            return true;
        }
        catch (Exception e)
        {
            log.LogError(e, "warm-up prediction failed; /health/ready will answer 503");
            return false;
        }
    }
}
