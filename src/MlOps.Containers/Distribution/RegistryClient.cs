using System.Net;
using System.Net.Http.Headers;
using MlOps.CiHosts.Http;
using MlOps.Core.Errors;
using Polly.Timeout;

namespace MlOps.Containers.Distribution;

/// <summary>
/// The push half of the OCI distribution API for one registry: blob existence (HEAD), upload (POST, then one PUT, or
/// PATCH chunks and a closing PUT ?digest=), optional cross-repository mount, manifest PUT; every digest the registry
/// reports (Docker-Content-Digest) checked against what was sent. Requests go through auth (<see cref="RegistryAuthHandler"/>)
/// then the shared retry policy, which retries each request on 5xx, 429 and reset connections. A retried chunk the
/// registry had in fact taken makes it drop the upload session (distribution refuses a resumed upload at a wrong
/// offset), so a lost session is recovered a level up: if the blob is there now it is done, else the upload starts over.
/// Loopback registries (127.0.0.1, localhost) are spoken to over plain HTTP, every other one over HTTPS.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _tokenHttp;
    private readonly ByteCountingHandler _counter;
    private readonly RegistryCredential _credential;
    private readonly RegistryClientOptions _options;

    public RegistryClient(string host, RegistryCredential credential, RegistryClientOptions? options = null)
    {
        Host = host;
        _credential = credential;
        _options = options ?? new RegistryClientOptions();
        BaseUri = new Uri($"{(IsLoopback(host) ? "http" : "https")}://{host}/");
        _counter = new ByteCountingHandler(_options.Transport ?? new SocketsHttpHandler());
        _tokenHttp = _options.CreateHttpClient();
        var tokens = new BearerTokenClient(_tokenHttp, credential, host);
        _http = new HttpClient(new RegistryAuthHandler(credential, tokens, new TransientRetryHandler(_options, _counter)))
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public string Host { get; }
    public Uri BaseUri { get; }

    /// <summary>Request body bytes sent so far, retries and restarts included.</summary>
    public long BytesSent => _counter.Bytes;

    public static bool IsLoopback(string host)
    {
        var name = host.StartsWith('[') ? host[..(host.IndexOf(']') + 1)] : host.Split(':')[0];
        return name is "localhost" or "[::1]" || (IPAddress.TryParse(name, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>True when the registry has the blob with the right size (and digest, when it reports one).</summary>
    public async Task<bool> BlobExistsAsync(string repository, BlobSource blob, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, Url($"v2/{repository}/blobs/{blob.Digest}")), $"checking {blob.Name}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureAsync(response, HttpStatusCode.OK, $"checking {blob.Name}", ct);
        if (Header(response, "Docker-Content-Digest") is { } reported && reported != blob.Digest)
            throw RegistryErrors.DigestMismatch(Host, blob.Name, blob.Digest, reported);
        if (response.Content.Headers.ContentLength is { } length && length != blob.Size)
            throw new ExternalFailureException($"registry {Host} has {blob.Name} {blob.Digest} as {length} bytes, not {blob.Size}");
        return true;
    }

    public async Task<BlobPush> PushBlobAsync(string repository, BlobSource blob, CancellationToken ct)
    {
        if (await BlobExistsAsync(repository, blob, ct)) return new BlobPush(blob.Name, blob.Digest, blob.Size, BlobPushKind.Skipped);
        string? lost = null;
        for (var attempt = 0; attempt < _options.UploadAttempts; attempt++)
        {
            if (attempt > 0 && await BlobExistsAsync(repository, blob, ct))
                return new BlobPush(blob.Name, blob.Digest, blob.Size, BlobPushKind.Uploaded, 0, attempt); // the lost session had completed it
            try
            {
                var (kind, requests) = await UploadAsync(repository, blob, ct);
                return new BlobPush(blob.Name, blob.Digest, blob.Size, kind, requests, attempt);
            }
            catch (UploadSessionLostException e)
            {
                lost = e.Message;
            }
        }
        throw new ExternalFailureException($"registry {Host}: the upload of {blob.Name} {blob.Digest} failed {_options.UploadAttempts} times; last: {lost}");
    }

    /// <summary>PUTs the manifest under <paramref name="reference"/> (a tag) and checks the digest the registry stored it as.</summary>
    public async Task PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, string digest, CancellationToken ct)
    {
        var doing = $"putting the manifest {repository}:{reference}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, Url($"v2/{repository}/manifests/{reference}"))
        {
            Content = Bytes(manifest, 0, manifest.Length, mediaType),
        }, doing, ct);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
            throw new ExternalFailureException($"registry {Host} rejected the manifest of {repository}:{reference} ({(int)response.StatusCode}){await RegistryErrors.DetailAsync(response, ct)}");
        await EnsureAsync(response, HttpStatusCode.Created, doing, ct);
        var reported = Header(response, "Docker-Content-Digest");
        if (reported != digest) throw RegistryErrors.DigestMismatch(Host, $"the manifest of {repository}:{reference}", digest, reported);
    }

    private async Task<(BlobPushKind, int)> UploadAsync(string repository, BlobSource blob, CancellationToken ct)
    {
        var doing = $"uploading {blob.Name}";
        var start = $"v2/{repository}/blobs/uploads/";
        if (_options.MountFrom is { } from && from != repository)
            start += $"?mount={Uri.EscapeDataString(blob.Digest)}&from={Uri.EscapeDataString(from)}";
        Uri location;
        using (var started = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Url(start)) { Content = Bytes([], 0, 0, null) }, doing, ct))
        {
            if (started.StatusCode == HttpStatusCode.Created && _options.MountFrom is not null)
            {
                CheckDigest(started, blob);
                return (BlobPushKind.Mounted, 1);
            }
            await EnsureAsync(started, HttpStatusCode.Accepted, doing, ct);
            location = NextLocation(started);
        }

        var requests = 1;
        await using var stream = blob.Open();
        byte[] last;
        int lastLength;
        long total;
        if (blob.Size > _options.MonolithicLimit)
        {
            // PATCH every chunk but the closing one: the PUT ?digest= carries it, saving a request per blob.
            long offset = 0;
            while (true)
            {
                var chunk = new byte[_options.ChunkSize];
                var read = await stream.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, ct);
                if (read < chunk.Length || offset + read >= blob.Size)
                {
                    (last, lastLength, total) = (chunk, read, offset + read);
                    break;
                }
                var at = offset;
                using var patched = await SendAsync(() =>
                {
                    var content = Bytes(chunk, 0, read, "application/octet-stream");
                    content.Headers.TryAddWithoutValidation("Content-Range", $"{at}-{at + read - 1}");
                    return new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
                }, doing, ct);
                requests++;
                await SessionAsync(patched, HttpStatusCode.Accepted, doing, ct);
                location = NextLocation(patched);
                offset += read;
            }
        }
        else
        {
            last = new byte[blob.Size];
            lastLength = await stream.ReadAtLeastAsync(last, last.Length, throwOnEndOfStream: false, ct);
            total = lastLength;
        }
        if (total != blob.Size || stream.ReadByte() != -1)
            throw new InvalidDataException($"{blob.Name} {blob.Digest}: the file is not {blob.Size} bytes any more; build the image again");

        var separator = location.Query.Length > 0 ? "&" : "?";
        var close = new Uri(location + separator + "digest=" + Uri.EscapeDataString(blob.Digest));
        using var completed = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, close) { Content = Bytes(last, 0, lastLength, "application/octet-stream") }, doing, ct);
        requests++;
        await SessionAsync(completed, HttpStatusCode.Created, doing, ct);
        CheckDigest(completed, blob);
        return (BlobPushKind.Uploaded, requests);
    }

    private void CheckDigest(HttpResponseMessage response, BlobSource blob)
    {
        var reported = Header(response, "Docker-Content-Digest");
        if (reported != blob.Digest) throw RegistryErrors.DigestMismatch(Host, blob.Name, blob.Digest, reported);
    }

    /// <summary>An answer inside an upload session: a lost or refused session (404, 416, BLOB_UPLOAD_*, DIGEST_INVALID) starts the upload over.</summary>
    private async Task SessionAsync(HttpResponseMessage response, HttpStatusCode expected, string doing, CancellationToken ct)
    {
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable or HttpStatusCode.BadRequest)
            throw new UploadSessionLostException($"{(int)response.StatusCode}{await RegistryErrors.DetailAsync(response, ct)}");
        await EnsureAsync(response, expected, doing, ct);
    }

    private async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string doing, CancellationToken ct)
    {
        if (response.StatusCode != expected) throw await RegistryErrors.FromResponseAsync(response, Host, _credential, doing, ct);
    }

    private Uri NextLocation(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? new Uri(response.RequestMessage!.RequestUri!, location)
            : throw new ExternalFailureException($"registry {Host} answered {(int)response.StatusCode} to {response.RequestMessage!.Method} without a Location header");

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string doing, CancellationToken ct)
    {
        try
        {
            var message = request();
            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
            response.RequestMessage ??= message; // relative Locations resolve against it
            return response;
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.Unreachable(e, Host, doing);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ExternalFailureException($"registry {Host} did not answer in {_options.Timeout.TotalSeconds:0} s while {doing} (after retries)", e);
        }
    }

    private Uri Url(string relative) => new(BaseUri, relative);

    private static ByteArrayContent Bytes(byte[] bytes, int offset, int count, string? mediaType)
    {
        var content = new ByteArrayContent(bytes, offset, count);
        if (mediaType is not null) content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose()
    {
        _http.Dispose();
        _tokenHttp.Dispose();
    }

    private sealed class UploadSessionLostException(string message) : Exception(message);
}
