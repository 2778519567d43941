namespace MlOps.Registry.Tests;

public class NotFoundTests : RegistryTestBase
{
    [Test]
    public async Task Messages_say_what_does_exist()
    {
        var registry = Registry();
        await registry.RegisterAsync("b", Source);
        await registry.RegisterAsync("a", Source);
        await registry.RegisterAsync("a", Source);
        await registry.RegisterAsync("a", Source);
        await registry.SetAliasAsync("a", 1, "staging");
        await registry.SetAliasAsync("a", 2, "candidate");

        var alias = await Fails(() => registry.ResolveAsync("a@production"));
        Assert.That((alias.Kind, alias.Message),
            Is.EqualTo((RegistryErrorKind.AliasNotFound, "model 'a' has no alias 'production' (aliases: candidate, staging)")));
        var version = await Fails(() => registry.ResolveAsync("a:7"));
        Assert.That((version.Kind, version.Message), Is.EqualTo((RegistryErrorKind.VersionNotFound, "model 'a' has no version 7 (latest is 3)")));
        var model = await Fails(() => registry.ResolveAsync("x:1"));
        Assert.That((model.Kind, model.Message),
            Is.EqualTo((RegistryErrorKind.ModelNotFound, $"no model named 'x' in registry {Root} (models: a, b)")));
        Assert.That((await Fails(() => registry.GetByAliasAsync("b", "production"))).Message,
            Is.EqualTo("model 'b' has no alias 'production' (aliases: none)"));
    }

    [Test]
    public async Task An_empty_or_missing_registry_has_no_models()
    {
        var registry = Registry();
        Assert.That(await registry.ListModelsAsync(), Is.Empty);
        Assert.That((await Fails(() => registry.ListVersionsAsync("m"))).Message, Is.EqualTo($"no model named 'm' in registry {Root} (models: none)"));
    }
}
