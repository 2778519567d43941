namespace MlOps.Registry.Tests;

public class RegisterTests : RegistryTestBase
{
    [Test]
    public async Task A_folder_is_copied_file_for_file_byte_identical_with_its_metadata()
    {
        var version = await Registry().RegisterAsync("adult-income", Source,
            new RegisterOptions(Map(("git.commit", "abc"), ("empty", "")), "first try", Map(("trainer", "fasttree"))));

        Assert.That(version.Reference, Is.EqualTo("adult-income:1"));
        Assert.That(version.ArtifactPath, Is.EqualTo(Path.Combine(Root, "adult-income", "versions", "1", "artifacts")));
        var copied = Directory.GetFiles(version.ArtifactPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(version.ArtifactPath, f)).Order(StringComparer.Ordinal);
        Assert.That(copied, Is.EqualTo(new[] { ".hidden", "model.bin", Path.Combine("sub", "extra.txt") }));
        foreach (var file in new[] { "model.bin", Path.Combine("sub", "extra.txt"), ".hidden" })
            Assert.That(File.ReadAllBytes(Path.Combine(version.ArtifactPath, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Source, file))), file);
        Assert.That(version.Tags, Is.EquivalentTo(Map(("git.commit", "abc"))), "an empty tag value means no tag");
        Assert.That(version.Properties, Is.EquivalentTo(Map(("trainer", "fasttree"))));
        Assert.That(version.Description, Is.EqualTo("first try"));
        Assert.That(version.CreatedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task A_single_file_becomes_the_only_artifact()
    {
        var version = await Registry().RegisterAsync("single", Path.Combine(Source, "model.bin"));
        Assert.That(Directory.GetFileSystemEntries(version.ArtifactPath).Select(Path.GetFileName), Is.EqualTo(new[] { "model.bin" }));
        Assert.That(version.ContentSha256, Is.EqualTo(TreeHash.Of(version.ArtifactPath)));
    }

    [Test]
    public async Task Versions_count_up_per_model_and_earlier_versions_never_change()
    {
        var registry = Registry();
        var v1 = await registry.RegisterAsync("m", Source);
        var v1Bytes = File.ReadAllBytes(Path.Combine(v1.ArtifactPath, "model.bin"));
        File.WriteAllBytes(Path.Combine(Source, "model.bin"), RandomBytes(1000, seed: 2));
        var v2 = await registry.RegisterAsync("m", Source);
        var other = await registry.RegisterAsync("another", Source);

        Assert.That((v1.Version, v2.Version, other.Version), Is.EqualTo((1, 2, 1)));
        Assert.That(File.ReadAllBytes(Path.Combine(v1.ArtifactPath, "model.bin")), Is.EqualTo(v1Bytes), "registering again must not touch version 1");
        Assert.That((await registry.GetAsync("m", 1)).ContentSha256, Is.EqualTo(v1.ContentSha256));
        Assert.That(v2.ContentSha256, Is.Not.EqualTo(v1.ContentSha256));
        Assert.That((await registry.ListVersionsAsync("m")).Select(v => v.Reference), Is.EqualTo(new[] { "m:1", "m:2" }));
        Assert.That(await registry.ListModelsAsync(), Is.EqualTo(new[] { "another", "m" }));
    }

    [Test]
    public async Task The_content_hash_follows_the_documented_formula_and_ignores_where_the_files_came_from()
    {
        var registry = Registry();
        var original = await registry.RegisterAsync("m", Source);
        Assert.That(original.ContentSha256, Is.EqualTo(TreeHash.Of(Source)).And.Length.EqualTo(64));

        var elsewhere = Scratch("copy");
        foreach (var file in Directory.GetFiles(Source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(elsewhere, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Assert.That((await registry.RegisterAsync("m", elsewhere)).ContentSha256, Is.EqualTo(original.ContentSha256));

        File.Move(Path.Combine(elsewhere, "sub", "extra.txt"), Path.Combine(elsewhere, "sub", "renamed.txt"));
        Assert.That((await registry.RegisterAsync("m", elsewhere)).ContentSha256, Is.Not.EqualTo(original.ContentSha256),
            "the file names are part of the model");
    }

    [Test]
    public async Task Tags_at_registration_must_have_names()
    {
        var error = await Fails(() => Registry().RegisterAsync("m", Source, new RegisterOptions(Map(("", "x")))));
        Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
        Assert.That(await Registry().ListModelsAsync(), Is.Empty);
    }
}
