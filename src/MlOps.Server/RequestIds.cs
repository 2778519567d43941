using Microsoft.AspNetCore.Http;

namespace MlOps.Server;

/// <summary>
/// The id a request is logged under: the caller's X-Request-Id when it sends one, so labels that arrive later (or a
/// router that copies a request to two variants) can be joined to the logged prediction; else the server's own id.
/// An id too long to be a real one is not trusted (it would bloat every log line).
/// </summary>
public static class RequestIds
{
    public const string Header = "X-Request-Id";
    public const int MaxLength = 128;

    public static string Of(HttpContext http) =>
        http.Request.Headers[Header] is [{ Length: > 0 and <= MaxLength } id] && !id.Any(char.IsControl) ? id : http.TraceIdentifier;
}
