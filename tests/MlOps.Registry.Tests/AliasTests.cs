namespace MlOps.Registry.Tests;

public class AliasTests : RegistryTestBase
{
    private LocalModelRegistry _registry = null!;

    [SetUp]
    public async Task RegisterTwoVersions()
    {
        _registry = Registry();
        await _registry.RegisterAsync("m", Source);
        await _registry.RegisterAsync("m", Source);
    }

    [Test]
    public async Task References_resolve_by_version_and_by_alias()
    {
        await _registry.SetAliasAsync("m", 1, "production");
        Assert.That((await _registry.ResolveAsync("m@production")).Reference, Is.EqualTo("m:1"));
        Assert.That((await _registry.ResolveAsync("m:2")).Reference, Is.EqualTo("m:2"));
        Assert.That((await _registry.GetAsync("m", 1)).Aliases, Is.EqualTo(new[] { "production" }));
        Assert.That((await _registry.GetAsync("m", 2)).Aliases, Is.Empty);
    }

    [Test]
    public async Task An_alias_moves_to_the_new_version_and_leaves_the_old_one()
    {
        await _registry.SetAliasAsync("m", 1, "production");
        await _registry.SetAliasAsync("m", 1, "staging");
        var moved = await _registry.SetAliasAsync("m", 2, "production");

        Assert.That(moved.Aliases, Is.EqualTo(new[] { "production" }));
        Assert.That((await _registry.GetByAliasAsync("m", "production")).Version, Is.EqualTo(2));
        Assert.That((await _registry.GetAsync("m", 1)).Aliases, Is.EqualTo(new[] { "staging" }));
    }

    [Test]
    public async Task An_expected_version_that_is_no_longer_current_is_a_conflict_and_changes_nothing()
    {
        await _registry.SetAliasAsync("m", 1, "production", expectedCurrentVersion: 0);
        await _registry.SetAliasAsync("m", 2, "production", expectedCurrentVersion: 1);

        var stale = await Fails(() => _registry.SetAliasAsync("m", 1, "production", expectedCurrentVersion: 1));
        Assert.That(stale.Kind, Is.EqualTo(RegistryErrorKind.Conflict));
        Assert.That(stale.Message, Does.StartWith("alias 'm@production' points at version 2, not version 1 as expected"));
        var alreadySet = await Fails(() => _registry.SetAliasAsync("m", 1, "production", expectedCurrentVersion: 0));
        Assert.That(alreadySet.Message, Does.StartWith("alias 'm@production' points at version 2, not no version as expected"));
        var notSetYet = await Fails(() => _registry.SetAliasAsync("m", 1, "staging", expectedCurrentVersion: 2));
        Assert.That(notSetYet.Message, Does.StartWith("alias 'm@staging' points at no version, not version 2"));
        Assert.That((await _registry.ResolveAsync("m@production")).Version, Is.EqualTo(2));
        Assert.That(await _registry.TryGetByAliasAsync("m", "staging"), Is.Null);
    }

    [Test]
    public async Task A_removed_alias_is_gone_and_removing_an_unknown_one_fails()
    {
        await _registry.SetAliasAsync("m", 1, "staging");
        await _registry.RemoveAliasAsync("m", "staging");
        Assert.That(await _registry.TryGetByAliasAsync("m", "staging"), Is.Null);
        Assert.That((await _registry.GetAsync("m", 1)).Aliases, Is.Empty);
        Assert.That((await Fails(() => _registry.RemoveAliasAsync("m", "staging"))).Kind, Is.EqualTo(RegistryErrorKind.AliasNotFound));
    }

    [Test]
    public async Task An_alias_cannot_point_at_a_version_that_does_not_exist()
    {
        var error = await Fails(() => _registry.SetAliasAsync("m", 3, "production"));
        Assert.That((error.Kind, error.Message), Is.EqualTo((RegistryErrorKind.VersionNotFound, "model 'm' has no version 3 (latest is 2)")));
        Assert.That(await _registry.TryGetByAliasAsync("m", "production"), Is.Null);
    }

    [Test]
    public async Task Try_get_by_alias_is_null_for_an_unset_alias_but_still_fails_for_an_unknown_model()
    {
        Assert.That(await _registry.TryGetByAliasAsync("m", "production"), Is.Null);
        Assert.That((await Fails(() => _registry.TryGetByAliasAsync("other", "production"))).Kind, Is.EqualTo(RegistryErrorKind.ModelNotFound));
    }
}
