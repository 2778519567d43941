using MlOps.Registry;

namespace MlOps.Registry.Tests;

public class LocalModelRegistryTests
{
    private string _root = "";
    private string _source = "";

    [SetUp]
    public void Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlops-reg-" + Guid.NewGuid().ToString("N")[..8]);
        _root = Path.Combine(dir, "registry");
        _source = Path.Combine(dir, "model");
        Directory.CreateDirectory(Path.Combine(_source, "sub"));
        File.WriteAllText(Path.Combine(_source, "model.zip"), "weights-v1");
        File.WriteAllText(Path.Combine(_source, "sub", "extra.txt"), "x");
    }

    [TearDown]
    public void Remove() => Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);

    private LocalModelRegistry Registry(TimeSpan? timeout = null) => new(_root, timeout);

    private static async Task<RegistryException> Fails(Func<Task> action) =>
        (await Assert.ThrowsAsync<RegistryException>(async () => await action()))!;

    [Test]
    public async Task Versions_increase_and_artifacts_are_copied_byte_identical()
    {
        var registry = Registry();
        var v1 = await registry.RegisterAsync("adult-income", _source, new RegisterOptions(new Dictionary<string, string> { ["git.commit"] = "abc" }));
        File.WriteAllText(Path.Combine(_source, "model.zip"), "weights-v2");
        var v2 = await registry.RegisterAsync("adult-income", _source);
        Assert.That((v1.Reference, v2.Reference), Is.EqualTo(("adult-income:1", "adult-income:2")));
        Assert.That(File.ReadAllText(Path.Combine(v1.ArtifactPath, "model.zip")), Is.EqualTo("weights-v1"), "version 1 never changes");
        Assert.That(File.ReadAllText(Path.Combine(v2.ArtifactPath, "sub", "extra.txt")), Is.EqualTo("x"));
        Assert.That(v1.ContentSha256, Is.Not.EqualTo(v2.ContentSha256));
        Assert.That(v1.Tags["git.commit"], Is.EqualTo("abc"));
        Assert.That((await registry.ListVersionsAsync("adult-income")).Select(v => v.Version), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(await registry.ListModelsAsync(), Is.EqualTo(new[] { "adult-income" }));
    }

    [Test]
    public async Task Same_content_hashes_the_same_and_a_single_file_registers()
    {
        var registry = Registry();
        var a = await registry.RegisterAsync("m", _source);
        var b = await registry.RegisterAsync("m", _source);
        Assert.That(a.ContentSha256, Is.EqualTo(b.ContentSha256));
        var single = await registry.RegisterAsync("single", Path.Combine(_source, "model.zip"));
        Assert.That(Directory.GetFiles(single.ArtifactPath).Select(Path.GetFileName), Is.EqualTo(new[] { "model.zip" }));
    }

    [Test]
    public async Task Aliases_resolve_move_and_conflict()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", _source);
        await registry.RegisterAsync("m", _source);
        await registry.SetAliasAsync("m", 1, "production");
        Assert.That((await registry.ResolveAsync("m@production")).Version, Is.EqualTo(1));
        Assert.That((await registry.ResolveAsync("m:2")).Version, Is.EqualTo(2));
        Assert.That((await registry.GetAsync("m", 1)).Aliases, Is.EqualTo(new[] { "production" }));

        await registry.SetAliasAsync("m", 2, "production", expectedCurrentVersion: 1);
        Assert.That((await registry.GetByAliasAsync("m", "production")).Version, Is.EqualTo(2));
        var conflict = (await Fails(() => registry.SetAliasAsync("m", 1, "production", expectedCurrentVersion: 1)));
        Assert.That(conflict.Kind, Is.EqualTo(RegistryErrorKind.Conflict));
        Assert.That(conflict.Message, Does.Contain("points at version 2, not version 1"));
        await Fails(() => registry.SetAliasAsync("m", 1, "staging", expectedCurrentVersion: 1));
        await registry.SetAliasAsync("m", 1, "staging", expectedCurrentVersion: 0);
        await registry.RemoveAliasAsync("m", "staging");
        Assert.That(await registry.TryGetByAliasAsync("m", "staging"), Is.Null);
    }

    [Test]
    public async Task Tags_merge_and_empty_value_removes()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", _source, new RegisterOptions(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
        var v = await registry.SetTagsAsync("m", 1, new Dictionary<string, string> { ["a"] = "", ["c"] = "3" });
        Assert.That(v.Tags, Is.EquivalentTo(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }));
    }

    [Test]
    public async Task Not_found_messages_say_what_exists()
    {
        var registry = Registry();
        await registry.RegisterAsync("a", _source);
        await registry.SetAliasAsync("a", 1, "staging");
        Assert.That((await Fails(() => registry.ResolveAsync("a@production"))).Message,
            Is.EqualTo("model 'a' has no alias 'production' (aliases: staging)"));
        Assert.That((await Fails(() => registry.ResolveAsync("a:7"))).Message,
            Is.EqualTo("model 'a' has no version 7 (latest is 1)"));
        var missing = (await Fails(() => registry.ResolveAsync("b:1")));
        Assert.That(missing.Kind, Is.EqualTo(RegistryErrorKind.ModelNotFound));
        Assert.That(missing.Message, Does.StartWith("no model named 'b' in registry ").And.EndWith("(models: a)"));
    }

    [TestCase("adult income")]
    [TestCase("a:b:c")]
    [TestCase("a@")]
    [TestCase("a:0")]
    [TestCase("../x:1")]
    public async Task Invalid_references_are_refused_with_the_expected_form(string reference)
    {
        var e = (await Fails(() => Registry().ResolveAsync(reference)));
        Assert.That(e.Kind, Is.EqualTo(RegistryErrorKind.InvalidReference));
        Assert.That(e.Message, Does.Contain("expected NAME:VERSION or NAME@ALIAS"));
    }

    [Test]
    public async Task Invalid_name_alias_and_source_are_refused()
    {
        var registry = Registry();
        Assert.That((await Fails(() => registry.RegisterAsync("../evil", _source))).Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
        Assert.That((await Fails(() => registry.RegisterAsync("m", "/no/such"))).Message, Does.Contain("/no/such: no such model file or folder"));
        Assert.That((await Fails(() => registry.SetAliasAsync("m", 1, "1bad"))).Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
    }

    [Test]
    public async Task A_crash_mid_write_leaves_no_visible_version()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", _source);
        // What a process killed while copying leaves behind: a staging folder with part of the files.
        var staging = Path.Combine(_root, "m", ".staging-deadbeef");
        Directory.CreateDirectory(Path.Combine(staging, "artifacts"));
        File.WriteAllText(Path.Combine(staging, "artifacts", "model.zip"), "half");
        Assert.That((await registry.ListVersionsAsync("m")).Count, Is.EqualTo(1));
        var next = await registry.RegisterAsync("m", _source);
        Assert.That(next.Version, Is.EqualTo(2));
        Assert.That(Directory.Exists(staging), Is.False, "the next writer cleans up");
    }

    [Test]
    public async Task Concurrent_writers_get_distinct_consecutive_versions()
    {
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Registry().RegisterAsync("m", _source))).ToList();
        var versions = await Task.WhenAll(tasks);
        Assert.That(versions.Select(v => v.Version).Order(), Is.EqualTo(Enumerable.Range(1, 8)));
        Assert.That(File.ReadAllLines(Path.Combine(_root, "events.jsonl")).Count(l => l.Contains("\"registered\"")), Is.EqualTo(8));
    }

    [Test]
    public async Task A_held_lock_times_out_as_a_conflict_then_succeeds_after_release()
    {
        Directory.CreateDirectory(_root);
        var registry = Registry(TimeSpan.FromMilliseconds(300));
        using (new FileStream(Path.Combine(_root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var e = (await Fails(() => registry.RegisterAsync("m", _source)));
            Assert.That(e.Kind, Is.EqualTo(RegistryErrorKind.Conflict));
            Assert.That(e.Message, Does.Contain("is locked by another process"));
        }
        Assert.That((await registry.RegisterAsync("m", _source)).Version, Is.EqualTo(1));
    }
}
