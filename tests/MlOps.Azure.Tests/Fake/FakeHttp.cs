using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>Writing answers the way ARM does: JSON bodies, {"error": {code, message}} for failures.</summary>
internal static class FakeHttp
{
    public static async Task JsonAsync(HttpContext context, int status, JsonNode? body, string? etag = null)
    {
        context.Response.StatusCode = status;
        if (etag is not null) context.Response.Headers.ETag = etag;
        if (body is null) return;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }

    public static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers["x-ms-error-code"] = code;
        return JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }

    public static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>"\"abc\"", "W/\"abc\"" and "abc" name the same ETag.</summary>
    public static string NormalizeETag(string etag) => etag.Trim().Replace("W/", "").Trim('"');
}
