using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// The Entra ID token endpoint of the fake (POST /{tenant}/oauth2/v2.0/token, client credentials grant with a client
/// secret), so a separate process can sign in with the product's own credential (MLOPS_AZURE_CREDENTIAL=client-secret,
/// AZURE_AUTHORITY_HOST pointing here) and get the token the ARM side accepts. A wrong secret is answered like Entra
/// does (401 invalid_client, AADSTS7000215).
/// </summary>
internal sealed partial class FakeEntraId
{
    public const string ClientSecret = "fake-client-secret";

    [GeneratedRegex("^/(?<tenant>[^/]+)/oauth2/v2\\.0/token$")]
    private static partial Regex TokenPath();

    /// <summary>Every token request: tenant, client id and scope.</summary>
    public ConcurrentQueue<(string Tenant, string ClientId, string Scope)> TokenRequests { get; } = new();

    public static bool Handles(HttpRequest request) => TokenPath().IsMatch(request.Path.Value ?? "");

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            await Error(context, 400, "invalid_request", "AADSTS900144: the request must be a form POST");
            return;
        }
        var form = await request.ReadFormAsync();
        var tenant = TokenPath().Match(request.Path.Value!).Groups["tenant"].Value;
        TokenRequests.Enqueue((tenant, form["client_id"].ToString(), form["scope"].ToString()));
        if (form["grant_type"] != "client_credentials")
        {
            await Error(context, 400, "unsupported_grant_type", $"AADSTS70003: grant_type '{form["grant_type"]}' is not supported by this fake");
            return;
        }
        if (form["client_secret"] != ClientSecret)
        {
            await Error(context, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
            return;
        }
        await FakeHttp.JsonAsync(context, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3599,
            ["ext_expires_in"] = 3599,
            ["access_token"] = FakeAzureMl.GoodToken,
        });
    }

    private static Task Error(HttpContext context, int status, string error, string description) =>
        FakeHttp.JsonAsync(context, status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = description,
        });
}
