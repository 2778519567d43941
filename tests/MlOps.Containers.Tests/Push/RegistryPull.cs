using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Tests.Push;

/// <summary>Pulls an image back with plain GETs (independent of the client under test) and checks every digest.</summary>
internal static class RegistryPull
{
    /// <returns>The manifest's digest and the digests of the blobs it names (config first), each blob's content checked.</returns>
    public static async Task<(string Manifest, List<string> Blobs)> PullAsync(string host, string repository, string tag, (string User, string Password)? basic = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        if (basic is { } b)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{b.User}:{b.Password}")));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.Manifest));
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET manifest {repository}:{tag}");
        var manifest = await response.Content.ReadAsByteArrayAsync();
        var root = JsonDocument.Parse(manifest).RootElement;
        var blobs = new List<string> { root.GetProperty("config").GetProperty("digest").GetString()! };
        blobs.AddRange(root.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!));
        foreach (var digest in blobs)
        {
            var content = await http.GetByteArrayAsync($"http://{host}/v2/{repository}/blobs/{digest}");
            Assert.That(Sha256Digest.FromHash(SHA256.HashData(content)), Is.EqualTo(digest), $"blob {digest} pulled back");
        }
        return (Sha256Digest.Of(manifest), blobs);
    }
}
