using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// Path-style blob storage (/{account}/{container}/{blob}, the Azurite layout): Put Blob (BlockBlob), Get Blob with
/// ranges, List Blobs. Requests must carry a SAS signature, SharedKey or the good bearer token.
/// </summary>
internal sealed class FakeBlobStore(FakeAzureMl fake)
{
    /// <summary>Blob contents by "/account/container/name".</summary>
    public ConcurrentDictionary<string, byte[]> Contents { get; } = new(StringComparer.Ordinal);

    /// <summary>How each stored blob was authorised ("sas", "sharedkey", "bearer"), to check a client used the right credential.</summary>
    public ConcurrentDictionary<string, string> WrittenWith { get; } = new(StringComparer.Ordinal);

    public static string Key(string account, string container, string name) => $"/{account}/{container}/{name}";

    public void Put(string account, string container, string name, byte[] content) => Contents[Key(account, container, name)] = content;

    public void Append(string account, string container, string name, string text) =>
        Contents.AddOrUpdate(Key(account, container, name), _ => Encoding.UTF8.GetBytes(text),
            (_, old) => [.. old, .. Encoding.UTF8.GetBytes(text)]);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var auth = Authorisation(request);
        if (auth is null)
        {
            await Error(context, 403, "AuthenticationFailed");
            return;
        }
        var parts = (request.Path.Value ?? "").TrimStart('/').Split('/', 3);
        if (parts.Length < 2)
        {
            await Error(context, 400, "InvalidUri");
            return;
        }
        var (account, container) = (parts[0], parts[1]);
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-version"] = request.Headers["x-ms-version"].ToString();
        if (parts.Length == 2 && request.Query["comp"] == "list" && HttpMethods.IsGet(request.Method))
        {
            await ListAsync(context, account, container, request.Query["prefix"].ToString());
            return;
        }
        if (parts.Length < 3)
        {
            await Error(context, 400, "InvalidUri");
            return;
        }
        var key = Key(account, container, Uri.UnescapeDataString(parts[2]));
        if (HttpMethods.IsPut(request.Method))
        {
            if (request.Headers["x-ms-blob-type"] != "BlockBlob")
            {
                await Error(context, 400, "MissingRequiredHeader");
                return;
            }
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            Contents[key] = buffer.ToArray();
            WrittenWith[key] = auth;
            context.Response.StatusCode = 201;
            context.Response.Headers.ETag = $"\"0x{Contents[key].Length:X}{Environment.TickCount64:X}\"";
            context.Response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
            context.Response.Headers["x-ms-request-server-encrypted"] = "true";
            return;
        }
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            if (!Contents.TryGetValue(key, out var content))
            {
                await Error(context, 404, "BlobNotFound");
                return;
            }
            await GetAsync(context, content);
            return;
        }
        await Error(context, 405, "UnsupportedHttpVerb");
    }

    private static async Task GetAsync(HttpContext context, byte[] content)
    {
        var response = context.Response;
        response.Headers.ETag = $"\"0x{content.Length:X}\"";
        response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
        response.Headers["x-ms-blob-type"] = "BlockBlob";
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";
        var range = context.Request.Headers["x-ms-range"].ToString() is { Length: > 0 } r ? r : context.Request.Headers.Range.ToString();
        var (start, end) = (0L, content.Length - 1L);
        if (range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var bounds = range[6..].Split('-');
            start = long.Parse(bounds[0], CultureInfo.InvariantCulture);
            if (bounds.Length > 1 && bounds[1].Length > 0) end = Math.Min(end, long.Parse(bounds[1], CultureInfo.InvariantCulture));
            if (start >= content.Length)
            {
                response.Headers.ContentRange = $"bytes */{content.Length}";
                await Error(context, 416, "InvalidRange");
                return;
            }
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {start}-{end}/{content.Length}";
        }
        else
        {
            response.StatusCode = 200;
        }
        var length = end - start + 1;
        response.ContentLength = length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(content.AsMemory((int)start, (int)length));
    }

    private async Task ListAsync(HttpContext context, string account, string container, string prefix)
    {
        var root = Key(account, container, "");
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
            .Append($"<EnumerationResults ServiceEndpoint=\"{fake.BaseUri}{account}/\" ContainerName=\"{container}\">")
            .Append($"<Prefix>{SecurityElement.Escape(prefix)}</Prefix><Blobs>");
        foreach (var (key, content) in Contents.Where(c => c.Key.StartsWith(root + prefix, StringComparison.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal))
            xml.Append($"<Blob><Name>{SecurityElement.Escape(key[root.Length..])}</Name><Properties>")
                .Append($"<Last-Modified>{DateTimeOffset.UtcNow:R}</Last-Modified><Etag>0x{content.Length:X}</Etag>")
                .Append($"<Content-Length>{content.Length}</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>");
        xml.Append("</Blobs><NextMarker /></EnumerationResults>");
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(xml.ToString());
    }

    private static string? Authorisation(HttpRequest request)
    {
        if (request.Query.ContainsKey("sig")) return "sas";
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith($"SharedKey {FakeAzureMl.StorageAccount}:", StringComparison.Ordinal)) return "sharedkey";
        if (header == $"Bearer {FakeAzureMl.GoodToken}") return "bearer";
        return null;
    }

    private static async Task Error(HttpContext context, int status, string code)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-error-code"] = code;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{code}</Message></Error>");
    }
}
