using MlOps.Containers.Build;
using MlOps.Containers.Distribution;
using MlOps.Containers.Images;
using MlOps.Core.Errors;

namespace MlOps.Containers.Tests.Push;

/// <summary>Pushing to ACR with an Entra ID token: the exchange and token calls of the recorded examples, then the upload.</summary>
public class AcrPushTests
{
    private const string Registry = "mlopsdemo.azurecr.io";
    private const string Entra = "entra-access-token-for-arm";

    private static readonly ImageSpec Spec = new(["/app/mlops"], [], [], "1654", "/app", null, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);

    private static RegistryClientOptions Through(FakeAcr acr, long monolithicLimit = 16L << 20) => new()
    {
        Transport = acr, Delay = TimeSpan.FromMilliseconds(1), MonolithicLimit = monolithicLimit, ChunkSize = 40_000,
    };

    private static async Task<BuiltImage> Build(TestLayers files)
    {
        var app = new byte[150_000];
        new Random(3).NextBytes(app);
        return await new ImageBuilder(new LayerCache(files.Folder("cache"))).BuildAsync("adult-income", "3", files.Layers("x", [1, 2, 3], app), Spec);
    }

    [Test]
    public async Task An_entra_token_is_exchanged_once_then_scoped_access_tokens_push_every_blob_and_the_manifest()
    {
        using var files = new TestLayers();
        var image = await Build(files);
        var acr = new FakeAcr(Registry, Entra);
        var entraCalls = 0;
        var credential = RegistryCredential.EntraId(_ => { entraCalls++; return ValueTask.FromResult(Entra); }, "the Azure identity");
        using var client = new RegistryClient(Registry, credential, Through(acr, monolithicLimit: 50_000));

        var pushed = await new ImagePusher(client).PushAsync(image, "adult-income", "3");

        Assert.That(pushed.ManifestDigest, Is.EqualTo(image.ManifestDigest));
        Assert.That(acr.Manifests["3"], Is.EqualTo(image.Manifest));
        Assert.That(acr.Blobs.Keys, Is.EquivalentTo(image.Layers.Select(l => l.Digest).Append(image.ConfigDigest)));
        Assert.That(pushed.Blobs.Single(b => b.Name == "app layer").Requests, Is.GreaterThan(2), "the app layer went up in PATCH chunks");
        Assert.That(entraCalls, Is.EqualTo(1), "one Entra token, exchanged once for a refresh token");
        Assert.That(acr.Exchanges, Is.EqualTo(new[] { "access_token&grant_type&service" }));
        Assert.That(acr.Scopes, Is.EqualTo(new[] { "repository:adult-income:pull", "repository:adult-income:pull,push" }));
    }

    [Test]
    public async Task An_entra_token_acr_refuses_fails_with_exit_2_naming_the_azure_identity()
    {
        using var files = new TestLayers();
        var image = await Build(files);
        var credential = RegistryCredential.EntraId(_ => ValueTask.FromResult("a-token-for-another-tenant"), "the Azure identity ('client-secret' credential)");
        using var client = new RegistryClient(Registry, credential, Through(new FakeAcr(Registry, Entra)));

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => new ImagePusher(client).PushAsync(image, "adult-income", "3"));

        Assert.That(refused!.Message, Does.Contain($"registry {Registry} refused the credentials from the Azure identity ('client-secret' credential)")
            .And.Contain("exchanging the Entra ID token").And.Not.Contain("a-token-for-another-tenant"));
    }
}
