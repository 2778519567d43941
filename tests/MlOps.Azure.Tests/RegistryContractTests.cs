using MlOps.Azure.AzureMl;
using MlOps.Azure.Tests.Fake;
using MlOps.Core.Errors;
using MlOps.Registry;
using MlOps.Registry.AzureMl;

namespace MlOps.Azure.Tests;

/// <summary>AzureMlModelRegistry against the fake: uploads, versions, tags, aliases with If-Match, archive.</summary>
public sealed class RegistryContractTests
{
    private FakeAzureMl _fake = null!;
    private string _temp = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await FakeAzureMl.StartAsync();
        _temp = Directory.CreateTempSubdirectory("mlops-azure-").FullName;
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    private AzureMlModelRegistry Registry(bool shared = false, string cache = "cache") =>
        new(shared ? _fake.RegistryScope : _fake.WorkspaceScope, new StaticTokenCredential(), Path.Combine(_temp, cache), _fake.Options());

    private string ModelFolder(string content = "onnx-bytes")
    {
        var folder = Directory.CreateTempSubdirectory("model-").FullName;
        File.WriteAllText(Path.Combine(folder, "model.onnx"), content);
        File.WriteAllText(Path.Combine(folder, "model.json"), "{\"name\":\"m\"}");
        return folder;
    }

    [Test]
    public async Task Register_in_a_workspace_uploads_the_files_to_the_default_datastore_and_get_downloads_them_back()
    {
        var registry = Registry();
        var first = await registry.RegisterAsync("adult", ModelFolder("v1"), new RegisterOptions(Tags: new Dictionary<string, string> { ["git"] = "abc" }));
        var second = await registry.RegisterAsync("adult", ModelFolder("v2"));

        Assert.That((first.Version, second.Version), Is.EqualTo((1, 2)));
        var stored = _fake.Arm.Stored("/models/adult/versions/1")!;
        var modelUri = stored["properties"]!["modelUri"]!.GetValue<string>();
        Assert.That(modelUri, Does.StartWith("azureml://datastores/workspaceblobstore/paths/mlops/models/adult/1/"));
        var uploaded = _fake.Blobs.Contents.Single(b => b.Key.StartsWith("/fakestorage/azureml-blobstore/mlops/models/adult/1/") && b.Key.EndsWith("/model.onnx"));
        Assert.That(System.Text.Encoding.UTF8.GetString(uploaded.Value), Is.EqualTo("v1"));
        Assert.That(_fake.Blobs.WrittenWith[uploaded.Key], Is.EqualTo("sharedkey"), "workspace datastore written with the key from listSecrets");
        Assert.That(stored["properties"]!["properties"]!["mlops.contentSha256"]!.GetValue<string>(), Is.EqualTo(first.ContentSha256));

        var fresh = Registry(cache: "other-cache"); // nothing cached: must download
        var got = await fresh.ResolveAsync("adult:1");
        Assert.That(File.ReadAllText(Path.Combine(got.ArtifactPath, "model.onnx")), Is.EqualTo("v1"));
        Assert.That(got.ContentSha256, Is.EqualTo(first.ContentSha256));
        Assert.That(got.Tags["git"], Is.EqualTo("abc"));
    }

    [Test]
    public async Task Register_in_a_shared_registry_uses_the_pending_upload_sas_and_follows_the_async_operation()
    {
        var registry = Registry(shared: true);
        var version = await registry.RegisterAsync("adult", ModelFolder("shared"));

        Assert.That(version.Version, Is.EqualTo(1));
        var blob = _fake.Blobs.Contents.Keys.Single(k => k.StartsWith("/fakestorage/registry-uploads/") && k.EndsWith("/model.onnx"));
        Assert.That(_fake.Blobs.WrittenWith[blob], Is.EqualTo("sas"));
        Assert.That(_fake.Requests.Count(r => r.Path.StartsWith("/fake/operations/")), Is.GreaterThanOrEqualTo(2),
            "registry PUTs are long-running: the client polled Azure-AsyncOperation until Succeeded");
        Assert.That(_fake.Requests.Any(r => r.Method == "POST" && r.Path.EndsWith("/versions/1/startPendingUpload")));

        var got = await Registry(shared: true, cache: "c2").GetAsync("adult", 1);
        Assert.That(File.ReadAllText(Path.Combine(got.ArtifactPath, "model.onnx")), Is.EqualTo("shared"));
    }

    [Test]
    public async Task Tags_merge_and_lists_show_versions_and_models()
    {
        var registry = Registry();
        await registry.RegisterAsync("adult", ModelFolder(), new RegisterOptions(Tags: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
        await registry.RegisterAsync("adult", ModelFolder());
        await registry.RegisterAsync("bikes", ModelFolder());

        var tagged = await registry.SetTagsAsync("adult", 1, new Dictionary<string, string> { ["a"] = "", ["c"] = "3" });

        Assert.That(tagged.Tags, Is.EquivalentTo(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }));
        Assert.That((await registry.ListVersionsAsync("adult")).Select(v => v.Version), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(await registry.ListModelsAsync(), Is.EqualTo(new[] { "adult", "bikes" }));
        Assert.That(_fake.Requests.Any(r => r.Method == "PUT" && r.Path.EndsWith("/versions/1") && r.IfMatch.Length > 0),
            "the tag update is conditional on the version's ETag");
    }

    [Test]
    public async Task Alias_is_a_container_tag_moved_with_if_match_and_resolves()
    {
        var registry = Registry();
        await registry.RegisterAsync("adult", ModelFolder("one"));
        await registry.RegisterAsync("adult", ModelFolder("two"));

        await registry.SetAliasAsync("adult", 1, "production", expectedCurrentVersion: 0);
        var moved = await registry.SetAliasAsync("adult", 2, "production", expectedCurrentVersion: 1);

        Assert.That(moved.Aliases, Is.EqualTo(new[] { "production" }));
        Assert.That(_fake.Arm.Stored("/models/adult")!["properties"]!["tags"]!["mlops.alias.production"]!.GetValue<string>(), Is.EqualTo("2"));
        var resolved = await registry.ResolveAsync("adult@production");
        Assert.That(File.ReadAllText(Path.Combine(resolved.ArtifactPath, "model.onnx")), Is.EqualTo("two"));
        Assert.That(_fake.Requests.Count(r => r.Method == "PUT" && r.Path.EndsWith("/models/adult") && r.IfMatch.Length > 0), Is.EqualTo(2));
        var stale = (await Assert.ThrowsAsync<RegistryException>(() => registry.SetAliasAsync("adult", 1, "production", expectedCurrentVersion: 1)));
        Assert.That(stale!.Kind, Is.EqualTo(RegistryErrorKind.Conflict));
        Assert.That(await registry.TryGetByAliasAsync("adult", "staging"), Is.Null);
    }

    [Test]
    public async Task Two_concurrent_promotions_one_wins_the_other_gets_conflict()
    {
        var setup = Registry();
        await setup.RegisterAsync("adult", ModelFolder("one"));
        await setup.RegisterAsync("adult", ModelFolder("two"));

        var results = await Task.WhenAll(
            Capture(Registry(cache: "p1").SetAliasAsync("adult", 1, "production", expectedCurrentVersion: 0)),
            Capture(Registry(cache: "p2").SetAliasAsync("adult", 2, "production", expectedCurrentVersion: 0)));

        Assert.That(results.Count(r => r is null), Is.EqualTo(1), "exactly one promotion succeeds");
        Assert.That(results.Single(r => r is not null)!.Kind, Is.EqualTo(RegistryErrorKind.Conflict));
    }

    [Test]
    public async Task A_write_with_a_stale_etag_gets_412_and_the_registry_reports_conflict()
    {
        var registry = Registry();
        await registry.RegisterAsync("adult", ModelFolder());
        var models = new ModelsClient(_fake.WorkspaceScope, new StaticTokenCredential(), _fake.Options());
        var read = (await models.GetContainerAsync("adult"))!;
        await models.CreateOrUpdateContainerAsync(read with { Tags = new Dictionary<string, string> { ["x"] = "1" } }, read.ETag);

        var lost = (await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() =>
            models.CreateOrUpdateContainerAsync(read with { Tags = new Dictionary<string, string> { ["x"] = "2" } }, read.ETag)));

        Assert.That(lost!.Status, Is.EqualTo(412));
        Assert.That((await models.GetContainerAsync("adult"))!.Tags["x"], Is.EqualTo("1"), "the loser overwrote nothing");
    }

    [Test]
    public async Task Versions_are_immutable_create_twice_is_412_and_changing_the_files_is_409()
    {
        var registry = Registry();
        await registry.RegisterAsync("adult", ModelFolder());
        var models = new ModelsClient(_fake.WorkspaceScope, new StaticTokenCredential(), _fake.Options());
        var v1 = (await models.GetVersionAsync("adult", "1"))!;

        var again = (await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() => models.CreateVersionAsync(v1)));
        var moved = (await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() =>
            models.UpdateVersionAsync(v1 with { ModelUri = new Uri("azureml://datastores/x/paths/elsewhere/") })));

        Assert.That((again!.Status, moved!.Status), Is.EqualTo((412, 409)));
    }

    [Test]
    public async Task Archive_marks_the_version_archived_and_it_stays_resolvable()
    {
        var registry = Registry();
        await registry.RegisterAsync("adult", ModelFolder("kept"));

        var archived = await registry.ArchiveAsync("adult", 1);

        Assert.That(archived.Archived, Is.True);
        Assert.That(_fake.Arm.Stored("/models/adult/versions/1")!["properties"]!["isArchived"]!.GetValue<bool>(), Is.True);
        var fetched = await Registry(cache: "c3").GetAsync("adult", 1);
        Assert.That((fetched.Version, fetched.Archived), Is.EqualTo((1, true)));
        var refused = await Assert.ThrowsAsync<RegistryException>(() => registry.SetAliasAsync("adult", 1, "production"));
        Assert.That(refused!.Message, Does.Contain("archived"));
    }

    [Test]
    public async Task Unknown_model_version_and_alias_are_registry_errors_not_crashes()
    {
        var registry = Registry();
        Assert.That((await Assert.ThrowsAsync<RegistryException>(() => registry.GetAsync("nope", 1)))!.Kind, Is.EqualTo(RegistryErrorKind.ModelNotFound));
        await registry.RegisterAsync("adult", ModelFolder());
        Assert.That((await Assert.ThrowsAsync<RegistryException>(() => registry.GetAsync("adult", 7)))!.Kind, Is.EqualTo(RegistryErrorKind.VersionNotFound));
        Assert.That((await Assert.ThrowsAsync<RegistryException>(() => registry.GetByAliasAsync("adult", "production")))!.Kind,
            Is.EqualTo(RegistryErrorKind.AliasNotFound));
    }

    [Test]
    public async Task A_rejected_token_says_check_your_service_connection()
    {
        _fake.RejectAllTokens = true;

        var error = (await Assert.ThrowsAsync<InvalidInputException>(() => Registry().ListModelsAsync()));

        Assert.That(error!.Message, Does.Contain("401 from Azure ML").And.Contain("check your service connection"));
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
    }

    private static async Task<RegistryException?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (RegistryException e)
        {
            return e;
        }
    }
}
