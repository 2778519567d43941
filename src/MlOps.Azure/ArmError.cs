using System.Text.Json;
using Azure;
using Azure.Core;

namespace MlOps.Azure;

/// <summary>Turns a failed ARM response into a <see cref="RequestFailedException"/> with ARM's error code and message.</summary>
internal static class ArmError
{
    public static RequestFailedException From(RequestMethod method, Uri uri, Response response, string service = "Azure ML")
    {
        var (code, message) = Parse(response.Content.ToString());
        var text = $"{response.Status} from {service} for {method} {uri.AbsolutePath}" + (code is null ? "" : $" ({code})")
                   + (message is null ? "" : $": {message}");
        return new RequestFailedException(response.Status, text, code, null);
    }

    /// <summary>ARM errors are {"error": {"code", "message"}}; anything else is kept as short text.</summary>
    internal static (string? Code, string? Message) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
                return (error.TryGetProperty("code", out var c) ? c.GetString() : null,
                        error.TryGetProperty("message", out var m) ? m.GetString() : null);
        }
        catch (JsonException)
        {
        }
        return (null, body.Length > 300 ? body[..300] + "..." : body);
    }
}
