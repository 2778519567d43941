using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Tests.Push;

/// <summary>
/// An in-process Azure Container Registry behind the client's transport: token auth and uploads as the recorded
/// data-plane examples show them. /oauth2/exchange takes the fixture's form fields and answers its refresh token;
/// /oauth2/token takes that refresh token and answers the fixture's access token, good for the scope asked; a PATCH
/// answers 202 with Location, Range and Docker-Upload-Uuid, the closing PUT 201 with Location and Docker-Content-Digest.
/// </summary>
internal sealed class FakeAcr(string host, string entraToken) : HttpMessageHandler
{
    private static readonly JsonObject Exchange = AcrFixtures.Load("PostRefreshToken.json");
    private static readonly JsonObject Token = AcrFixtures.Load("PostAccessToken.json");
    private static readonly JsonObject Patch = AcrFixtures.Load("UploadBlob.json");
    private static readonly JsonObject End = AcrFixtures.Load("EndBlobUpload.json");

    private readonly Dictionary<string, byte[]> _blobs = new();
    private readonly Dictionary<string, MemoryStream> _uploads = new();
    private string _grantedActions = "";

    public static string RefreshToken => Exchange["responses"]!["200"]!["body"]!["refresh_token"]!.GetValue<string>();
    public static string AccessToken => Token["responses"]!["200"]!["body"]!["access_token"]!.GetValue<string>();

    public List<string> Exchanges { get; } = [];
    public List<string> Scopes { get; } = [];
    public Dictionary<string, byte[]> Manifests { get; } = new();
    public IReadOnlyDictionary<string, byte[]> Blobs => _blobs;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var uri = request.RequestUri!;
        if (uri.Host != host.Split(':')[0] || uri.Scheme != "https") return Answer(HttpStatusCode.BadGateway);
        var path = uri.AbsolutePath;
        if (path == "/oauth2/exchange") return await ExchangeAsync(request, ct);
        if (path == "/oauth2/token") return await TokenAsync(request, ct);

        var parts = path.Split('/');
        var repository = parts[2];
        var push = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
        if (request.Headers.Authorization is not { Scheme: "Bearer" } auth || auth.Parameter != AccessToken || (push ? !_grantedActions.Contains("push") : _grantedActions.Length == 0))
        {
            var denied = Answer(HttpStatusCode.Unauthorized);
            denied.Headers.WwwAuthenticate.ParseAdd($"Bearer realm=\"https://{host}/oauth2/token\",service=\"{host}\",scope=\"repository:{repository}:{(push ? "pull,push" : "pull")}\"");
            return denied;
        }
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
        if (parts[3] == "manifests" && request.Method == HttpMethod.Put)
        {
            Manifests[parts[4]] = body;
            return Answer(HttpStatusCode.Created, ("Docker-Content-Digest", Sha256Digest.Of(body)));
        }
        if (parts[3] == "blobs" && parts.Length == 5 && parts[4] != "uploads" && request.Method == HttpMethod.Head)
        {
            if (!_blobs.TryGetValue(parts[4], out var blob)) return Answer(HttpStatusCode.NotFound);
            var found = Answer(HttpStatusCode.OK, ("Docker-Content-Digest", parts[4]));
            found.Content = new ByteArrayContent([]);
            found.Content.Headers.ContentLength = blob.Length;
            return found;
        }
        if (path == $"/v2/{repository}/blobs/uploads/" && request.Method == HttpMethod.Post)
        {
            var uuid = Guid.NewGuid().ToString();
            _uploads[uuid] = new MemoryStream();
            return Answer(HttpStatusCode.Accepted, ("Location", UploadLocation(repository, uuid, 0)), ("Docker-Upload-Uuid", uuid));
        }
        if (parts[3] == "blobs" && parts[4] == "uploads" && _uploads.TryGetValue(parts[5], out var upload))
        {
            upload.Write(body);
            if (request.Method == HttpMethod.Patch)
            {
                // The fixture's 202: Location (next state), Range 0-(offset-1), Docker-Upload-Uuid.
                var names = Patch["responses"]!["202"]!["headers"]!.AsObject().Select(h => h.Key).ToList();
                return Answer(HttpStatusCode.Accepted, (names[0], UploadLocation(repository, parts[5], upload.Length)),
                    (names[1], $"0-{upload.Length - 1}"), (names[2], parts[5]));
            }
            var digest = System.Web.HttpUtility.ParseQueryString(uri.Query)["digest"]!;
            var content = upload.ToArray();
            if (Sha256Digest.FromHash(SHA256.HashData(content)) != digest) return Answer(HttpStatusCode.BadRequest);
            _blobs[digest] = content;
            _uploads.Remove(parts[5]);
            var end = End["responses"]!["201"]!["headers"]!.AsObject().Select(h => h.Key).ToList(); // Location, Docker-Content-Digest
            return Answer(HttpStatusCode.Created, (end[0], $"/v2/{repository}/blobs/{digest}"), (end[1], digest));
        }
        return Answer(HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> ExchangeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var form = await FormAsync(request, ct);
        Exchanges.Add(string.Join('&', form.Keys.Order()));
        var expected = Exchange["parameters"]!;
        if (form.GetValueOrDefault("grant_type") != expected["grant_type"]!.GetValue<string>() || form.GetValueOrDefault("service") != host
            || form.GetValueOrDefault("access_token") != entraToken)
            return Answer(HttpStatusCode.Unauthorized);
        return Json(Exchange["responses"]!["200"]!["body"]!);
    }

    private async Task<HttpResponseMessage> TokenAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var form = await FormAsync(request, ct);
        if (form.GetValueOrDefault("grant_type") != Token["parameters"]!["grant_type"]!.GetValue<string>() || form.GetValueOrDefault("refresh_token") != RefreshToken
            || form.GetValueOrDefault("service") != host || form.GetValueOrDefault("scope") is not { } scope)
            return Answer(HttpStatusCode.Unauthorized);
        Scopes.Add(scope);
        _grantedActions = scope.Split(':')[^1];
        return Json(Token["responses"]!["200"]!["body"]!);
    }

    private static async Task<Dictionary<string, string>> FormAsync(HttpRequestMessage request, CancellationToken ct)
    {
        Assert.That(request.Content!.Headers.ContentType!.MediaType, Is.EqualTo("application/x-www-form-urlencoded"));
        var parsed = System.Web.HttpUtility.ParseQueryString(await request.Content.ReadAsStringAsync(ct));
        return parsed.AllKeys.ToDictionary(k => k!, k => parsed[k]!);
    }

    /// <summary>Shaped like the fixture's: /v2/REPO/blobs/uploads/UUID?_nouploadcache=false&amp;_state=...</summary>
    private static string UploadLocation(string repository, string uuid, long offset) =>
        $"/v2/{repository}/blobs/uploads/{uuid}?_nouploadcache=false&_state={Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{uuid}:{offset}"))}";

    private static HttpResponseMessage Json(JsonNode body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }
}
