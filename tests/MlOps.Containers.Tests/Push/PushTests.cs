using MlOps.Containers.Build;
using MlOps.Containers.Distribution;
using MlOps.Containers.Images;
using MlOps.Core.Errors;

namespace MlOps.Containers.Tests.Push;

/// <summary>Pushes built images into a real docker-registry on loopback and pulls them back.</summary>
[TestFixture, NonParallelizable, Platform("Linux")]
public class PushTests
{
    private static readonly ImageSpec Spec = new(["/app/mlops", "serve"], ["--model", "/model"], [], "1654", "/app", 8080,
        new Dictionary<string, string>(), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    /// <summary>Short backoff: the registry is local, the faults are the test's.</summary>
    private static RegistryClientOptions Fast(long monolithicLimit = 16L << 20, int chunk = 8 << 20) => new()
    {
        Delay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(30),
        MonolithicLimit = monolithicLimit, ChunkSize = chunk, MaxRetries = 8,
    };

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Task<BuiltImage> Build(TestLayers files, string tag, byte[] model, byte[]? app = null) =>
        new ImageBuilder(new LayerCache(files.Folder("cache"))).BuildAsync("adult-income", tag, files.Layers(tag, model, app ?? Random(200_000, 1)), Spec);

    [Test, CancelAfter(60_000)]
    public async Task An_anonymous_push_pulls_back_with_the_same_digests_and_a_second_push_skips_every_blob()
    {
        using var files = new TestLayers();
        using var registry = await DistributionRegistry.StartAsync();
        var image = await Build(files, "1", Random(100_000, 2));
        var lines = new List<string>();
        using var client = new RegistryClient(registry.Host, RegistryCredential.Anonymous, Fast());

        var first = await new ImagePusher(client, lines.Add).PushAsync(image, "adult-income", "1");
        var (manifest, blobs) = await RegistryPull.PullAsync(registry.Host, "adult-income", "1");

        Assert.That(manifest, Is.EqualTo(image.ManifestDigest));
        Assert.That(blobs, Is.EquivalentTo(image.Layers.Select(l => l.Digest).Append(image.ConfigDigest)));
        Assert.That(first.Blobs.Select(b => b.Kind), Is.All.EqualTo(BlobPushKind.Uploaded));
        Assert.That(first.BytesUploaded, Is.EqualTo(image.CompressedSize), "each blob and the manifest sent once");
        Assert.That(lines.Count(l => l.EndsWith(" in 2 requests")), Is.EqualTo(4), "POST + PUT per blob: " + string.Join('\n', lines));

        lines.Clear();
        var again = await new ImagePusher(client, lines.Add).PushAsync(image, "adult-income", "1-again");
        Assert.That(again.Blobs.Select(b => b.Kind), Is.All.EqualTo(BlobPushKind.Skipped));
        Assert.That(again.BytesUploaded, Is.EqualTo(image.Manifest.Length), "only the manifest is sent again");
        Assert.That(lines.Count(l => l.Contains("already there, skipped")), Is.EqualTo(4), string.Join('\n', lines));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_layer_above_the_monolithic_limit_goes_up_in_patch_chunks_and_pulls_back_intact()
    {
        using var files = new TestLayers();
        using var registry = await DistributionRegistry.StartAsync();
        var image = await Build(files, "1", Random(10_000, 3), app: Random(300_000, 4));
        using var client = new RegistryClient(registry.Host, RegistryCredential.Anonymous, Fast(monolithicLimit: 64_000, chunk: 50_000));

        var pushed = await new ImagePusher(client).PushAsync(image, "adult-income", "1");

        var app = pushed.Blobs.Single(b => b.Name == "app layer");
        Assert.That(app.Requests, Is.EqualTo(2 + (int)((app.Size - 1) / 50_000)), "POST, a PATCH per full chunk, PUT with the rest");
        Assert.That(app.Requests, Is.GreaterThanOrEqualTo(7));
        Assert.That((await RegistryPull.PullAsync(registry.Host, "adult-income", "1")).Manifest, Is.EqualTo(image.ManifestDigest));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_model_only_change_uploads_at_most_1_05_times_the_model_file()
    {
        using var files = new TestLayers();
        using var registry = await DistributionRegistry.StartAsync();
        var model2 = Random(300_000, 6);
        var v1 = await Build(files, "1", Random(300_000, 5));
        var v2 = await Build(files, "2", model2);
        using var client = new RegistryClient(registry.Host, RegistryCredential.Anonymous, Fast());
        await new ImagePusher(client).PushAsync(v1, "adult-income", "1");

        var lines = new List<string>();
        var pushed = await new ImagePusher(client, lines.Add).PushAsync(v2, "adult-income", "2");

        Assert.That(pushed.BytesUploaded, Is.LessThanOrEqualTo(1.05 * model2.Length), string.Join('\n', lines));
        Assert.That(pushed.Blobs.Where(b => b.Kind == BlobPushKind.Skipped).Select(b => b.Name), Is.EquivalentTo(new[] { "base layer", "app layer" }));
        Assert.That(lines.Last(), Does.Contain($"uploaded {pushed.BytesUploaded / 1e6:0.00} MB of {v2.CompressedSize / 1e6:0.00} MB"));
        await RegistryPull.PullAsync(registry.Host, "adult-income", "2");
    }

    [Test, CancelAfter(60_000)]
    public async Task With_htpasswd_the_right_user_pushes_and_no_or_wrong_credentials_fail_with_exit_2_naming_the_variables()
    {
        using var files = new TestLayers();
        using var registry = await DistributionRegistry.StartAsync("ci-bot", "s3cret-Pw");
        var image = await Build(files, "1", Random(1000, 7));

        using (var anonymous = new RegistryClient(registry.Host, RegistryCredential.Anonymous, Fast()))
        {
            var refused = await Assert.ThrowsAsync<InvalidInputException>(() => new ImagePusher(anonymous).PushAsync(image, "adult-income", "1"));
            Assert.That(refused!.Message, Does.Contain($"registry {registry.Host} requires sign-in").And.Contain("MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD"));
        }
        using (var wrong = new RegistryClient(registry.Host, RegistryCredential.Basic("ci-bot", "wrong-pw", "MLOPS_REGISTRY_USERNAME / MLOPS_REGISTRY_PASSWORD"), Fast()))
        {
            var refused = await Assert.ThrowsAsync<InvalidInputException>(() => new ImagePusher(wrong).PushAsync(image, "adult-income", "1"));
            Assert.That(refused!.Message, Does.Contain("refused the credentials from MLOPS_REGISTRY_USERNAME / MLOPS_REGISTRY_PASSWORD").And.Not.Contain("wrong-pw"));
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
        }
        using var right = new RegistryClient(registry.Host, RegistryCredential.Basic("ci-bot", "s3cret-Pw", "test"), Fast());
        await new ImagePusher(right).PushAsync(image, "adult-income", "1");
        Assert.That((await RegistryPull.PullAsync(registry.Host, "adult-income", "1", ("ci-bot", "s3cret-Pw"))).Manifest, Is.EqualTo(image.ManifestDigest));
    }

    [Test, CancelAfter(120_000)]
    public async Task Through_a_proxy_failing_30_percent_of_requests_the_push_completes_with_verified_digests_and_no_extra_blobs()
    {
        using var files = new TestLayers();
        using var registry = await DistributionRegistry.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Host, rate: 0.3, seed: 20261123);
        var image = await Build(files, "1", Random(120_000, 8), app: Random(400_000, 9));
        using var client = new RegistryClient(proxy.Host, RegistryCredential.Anonymous, Fast(monolithicLimit: 100_000, chunk: 60_000));

        var pushed = await new ImagePusher(client).PushAsync(image, "adult-income", "1");

        Assert.That(pushed.ManifestDigest, Is.EqualTo(image.ManifestDigest));
        Assert.That(proxy.Faults, Is.GreaterThanOrEqualTo(5), $"faults injected in {proxy.Requests} requests");
        Assert.That(proxy.Faults, Is.InRange(0.15 * proxy.Requests, 0.45 * proxy.Requests));
        Assert.That(proxy.ResetsAfterForward, Is.GreaterThan(0), "some faults hit after the registry acted");
        TestContext.Out.WriteLine($"{proxy.Requests} requests, {proxy.Faults} faults ({proxy.ResetsAfterForward} after forwarding); "
            + string.Join(", ", pushed.Blobs.Select(b => $"{b.Name}: {b.Requests} requests, {b.Restarts} restarts")));
        var (manifest, blobs) = await RegistryPull.PullAsync(registry.Host, "adult-income", "1");
        Assert.That(manifest, Is.EqualTo(image.ManifestDigest));
        Assert.That(registry.StoredBlobs(), Is.EqualTo(blobs.Append(manifest).Order(StringComparer.Ordinal)),
            "the registry holds exactly the image's blobs and manifest, each once");
    }

    [Test, CancelAfter(60_000)]
    public async Task A_registry_reporting_another_manifest_digest_fails_with_exit_3()
    {
        using var files = new TestLayers();
        using var registry = await DistributionRegistry.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Host, rate: 0, seed: 1);
        proxy.Tamper = (request, response) =>
        {
            if (request.Method == "PUT" && request.Path.Value!.Contains("/manifests/"))
            {
                response.Headers.Remove("Docker-Content-Digest");
                response.Headers.Add("Docker-Content-Digest", "sha256:" + new string('0', 64));
            }
        };
        var image = await Build(files, "1", Random(1000, 10));
        using var client = new RegistryClient(proxy.Host, RegistryCredential.Anonymous, Fast());

        var failed = await Assert.ThrowsAsync<ExternalFailureException>(() => new ImagePusher(client).PushAsync(image, "adult-income", "1"));

        Assert.That(failed!.ExitCode, Is.EqualTo(ExitCodes.ExternalFailure));
        Assert.That(failed.Message, Does.Contain("reports the manifest of adult-income:1 as sha256:0000").And.Contain($"mlops sent {image.ManifestDigest}"));
    }

    [Test, CancelAfter(60_000)]
    public async Task An_unknown_registry_host_fails_with_exit_2_naming_the_host()
    {
        using var files = new TestLayers();
        var image = await Build(files, "1", Random(1000, 11));
        using var client = new RegistryClient("no-such-registry.invalid", RegistryCredential.Anonymous, Fast());

        var failed = await Assert.ThrowsAsync<InvalidInputException>(() => new ImagePusher(client).PushAsync(image, "adult-income", "1"));

        Assert.That(failed!.Message, Does.StartWith("unknown registry host 'no-such-registry.invalid'"));
    }
}
