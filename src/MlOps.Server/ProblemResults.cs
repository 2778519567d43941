using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlOps.Server;

/// <summary>
/// Writes RFC 9457 problem details (application/problem+json) with an extra "field" member, so a client can point
/// at the offending row and feature without parsing the English detail.
/// </summary>
public static class ProblemResults
{
    public const string ContentType = "application/problem+json";

    public static string TitleFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status413PayloadTooLarge => "body too large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported media type",
        >= 500 => "scoring failed",
        _ => "invalid input",
    };

    public static async Task WriteAsync(HttpContext http, int status, string detail, string? field = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        await using (var json = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("title", TitleFor(status));
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            // Omitted rather than null: a problem about the body as a whole has no field to point at.
            if (field is not null) json.WriteString("field", field);
            json.WriteEndObject();
        }
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
