using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MlOps.Server;

/// <summary>
/// Optional API key for the routes marked <see cref="ApiKeyRequired"/>: "Authorization: Bearer KEY" or "X-Api-Key: KEY".
/// Probes (health) and scrapers (metrics) stay open so orchestrators need no secret. The key is compared in constant
/// time and never echoed or logged.
/// </summary>
public sealed class ApiKeyCheck(string key)
{
    // Hashing both sides first makes the comparison's time independent of the length of the key too.
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequired>() is null || Matches(Presented(http.Request)))
        {
            await next(http);
            return;
        }
        http.Response.Headers.WWWAuthenticate = "Bearer";
        await ProblemResults.WriteAsync(http, StatusCodes.Status401Unauthorized,
            "this server needs an API key: send \"Authorization: Bearer KEY\" or \"X-Api-Key: KEY\"");
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].FirstOrDefault() is { Length: > 0 } header) return header;
        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    private bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
