using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Models;

namespace MlOps.Server;

/// <summary>
/// POST /score. Maps every outcome to a status: the client's mistakes to 4xx problem responses naming the field,
/// the model's own failures to a 500 whose details go to the log only (they may hold paths or internals).
/// </summary>
public sealed class ScoreEndpoint(IScoringModel model, ScoringServerOptions options, string reference, ServerMetrics metrics, DriftTracker? drift, RequestLog? requestLog, ILogger logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Table table;
            using (var body = await RequestBody.ReadAsync(http.Request, options.MaxBodyBytes))
                table = DirectRowReader.TryRead(body.Bytes.Span, model.Card, options.MaxRows) ?? ReadParsed(body.Bytes);
            var predictions = model.Predict(table);
            ScoreResponseWriter.CheckShape(model.Card, predictions, table.RowCount);
            metrics.Scored(table.RowCount);
            drift?.Observe(table, predictions);

            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            await using (var json = new Utf8JsonWriter(http.Response.BodyWriter))
                ScoreResponseWriter.Write(json, reference, model.Card, predictions);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            if (requestLog?.ShouldSample() == true)
                requestLog.Add(new RequestLogEntry(DateTimeOffset.UtcNow, RequestIds.Of(http), reference, table, predictions,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
        catch (BadRequestException e)
        {
            // The rest of an oversized body stays unread and the connection cannot be reused; say so, or a client
            // that pools connections sends its next request into a socket the server is closing.
            if (e.Status == StatusCodes.Status413PayloadTooLarge) http.Response.Headers.Connection = "close";
            await ProblemResults.WriteAsync(http, e.Status, e.Message, e.Field);
        }
        catch (InvalidInputException e)
        {
            // The model's own input check (e.g. a category it cannot encode): the client can act on the message.
            await ProblemResults.WriteAsync(http, StatusCodes.Status400BadRequest, e.Message);
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-request: nobody is left to answer and nothing is wrong with the server.
        }
        catch (Exception e)
        {
            logger.LogError(e, "the model failed to score a request of {Bytes} bytes", http.Request.ContentLength);
            if (!http.Response.HasStarted)
                await ProblemResults.WriteAsync(http, StatusCodes.Status500InternalServerError,
                    "the model failed to score this request; the server log has the details");
        }
    }

    /// <summary>Any body the direct reader does not take: parsed, then read by shape, with errors naming the field.</summary>
    private Table ReadParsed(ReadOnlyMemory<byte> body)
    {
        using var document = RequestBody.Parse(body);
        return ScoreRequestReader.Read(document.RootElement, model.Card, options.MaxRows, options.IgnoreExtraColumns);
    }
}
