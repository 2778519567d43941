namespace MlOps.Registry.Tests;

public class TagTests : RegistryTestBase
{
    [Test]
    public async Task Tags_merge_and_an_empty_value_removes_even_a_tag_given_at_registration()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source, new RegisterOptions(Map(("a", "1"), ("b", "2"))));
        await registry.RegisterAsync("m", Source, new RegisterOptions(Map(("a", "1"))));

        var changed = await registry.SetTagsAsync("m", 1, Map(("a", ""), ("c", "3")));
        Assert.That(changed.Tags, Is.EquivalentTo(Map(("b", "2"), ("c", "3"))));
        changed = await registry.SetTagsAsync("m", 1, Map(("a", "back"), ("c", "")));
        Assert.That(changed.Tags, Is.EquivalentTo(Map(("a", "back"), ("b", "2"))));
        Assert.That((await registry.GetAsync("m", 2)).Tags, Is.EquivalentTo(Map(("a", "1"))), "tags belong to one version");
        Assert.That((await new LocalModelRegistry(Root).GetAsync("m", 1)).Tags, Is.EquivalentTo(changed.Tags), "persisted, not cached");
    }

    [Test]
    public async Task Tags_and_aliases_never_rewrite_the_immutable_version_files()
    {
        var registry = Registry();
        var version = await registry.RegisterAsync("m", Source, new RegisterOptions(Map(("a", "1"))));
        var versionJson = Path.Combine(Root, "m", "versions", "1", "version.json");
        var before = File.ReadAllBytes(versionJson);
        var writtenAt = File.GetLastWriteTimeUtc(versionJson);

        await registry.SetTagsAsync("m", 1, Map(("a", ""), ("stage", "blessed")));
        await registry.SetAliasAsync("m", 1, "production");

        Assert.That(File.ReadAllBytes(versionJson), Is.EqualTo(before));
        Assert.That(File.GetLastWriteTimeUtc(versionJson), Is.EqualTo(writtenAt));
        Assert.That(TreeHash.Of(version.ArtifactPath), Is.EqualTo(version.ContentSha256));
    }

    [Test]
    public async Task A_tag_needs_a_name_and_the_version_must_exist()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        Assert.That((await Fails(() => registry.SetTagsAsync("m", 1, Map((" ", "x"))))).Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
        Assert.That((await Fails(() => registry.SetTagsAsync("m", 2, Map(("a", "x"))))).Kind, Is.EqualTo(RegistryErrorKind.VersionNotFound));
    }
}
