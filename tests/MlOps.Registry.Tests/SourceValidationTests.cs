namespace MlOps.Registry.Tests;

public class SourceValidationTests : RegistryTestBase
{
    [Test]
    public async Task A_missing_source_names_the_path()
    {
        var missing = Path.Combine(Scratch("empty-parent"), "no-such-model");
        var error = await Fails(() => Registry().RegisterAsync("m", missing));
        Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.InvalidSource));
        Assert.That(error.Message, Is.EqualTo($"model source '{missing}' does not exist: expected a model file or a folder of model files"));
    }

    [Test]
    public async Task An_empty_folder_is_refused()
    {
        var error = await Fails(() => Registry().RegisterAsync("m", Scratch("empty")));
        Assert.That((error.Kind, error.Message), Is.EqualTo((RegistryErrorKind.InvalidSource,
            $"model source '{Path.Combine(Path.GetDirectoryName(Root)!, "empty")}' is an empty folder: nothing to register")));
    }

    [Test]
    public async Task A_symbolic_link_to_a_file_is_refused_and_nothing_is_registered()
    {
        File.CreateSymbolicLink(Path.Combine(Source, "sub", "link.bin"), Path.Combine(Source, "model.bin"));
        var error = await Fails(() => Registry().RegisterAsync("m", Source));
        Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.InvalidSource));
        Assert.That(error.Message, Does.Contain("link.bin' is a symbolic link"));
        Assert.That(await Registry().ListModelsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_symbolic_link_to_a_folder_outside_is_refused_not_followed()
    {
        var outside = Scratch("outside");
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "not part of the model");
        Directory.CreateSymbolicLink(Path.Combine(Source, "escape"), outside);
        var error = await Fails(() => Registry().RegisterAsync("m", Source));
        Assert.That(error.Message, Does.Contain("escape' is a symbolic link (to '" + outside + "')"));
        Assert.That(Directory.Exists(Path.Combine(Root, "m", "versions", "1")), Is.False);
    }

    [Test]
    public async Task A_folder_that_contains_the_registry_is_refused()
    {
        var registry = new LocalModelRegistry(Path.Combine(Source, ".mlops", "registry"));
        var error = await Fails(() => registry.RegisterAsync("m", Source));
        Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.InvalidSource));
        Assert.That(error.Message, Does.Contain("contains the registry"));
    }
}
