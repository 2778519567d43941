using System.Text.Json.Nodes;
using Azure;

namespace MlOps.Azure;

/// <summary>An ARM answer: status, parsed JSON body (null when empty) and its ETag (for If-Match on the next write).</summary>
public sealed record ArmResult(int Status, JsonNode? Body, string? ETag)
{
    internal static ArmResult From(Response response)
    {
        var text = response.Content.ToString();
        var body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        // ARM returns the ETag as a header; some resources also carry it in the body as "etag".
        var etag = response.Headers.ETag?.ToString("H") ?? body?["etag"]?.GetValue<string>();
        return new ArmResult(response.Status, body, etag);
    }

    public JsonObject Object => Body as JsonObject ?? throw new InvalidOperationException("Azure ML returned an empty body where a resource was expected");
}
