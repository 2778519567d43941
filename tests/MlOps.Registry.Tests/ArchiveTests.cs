using MlOps.Registry.Audit;

namespace MlOps.Registry.Tests;

public class ArchiveTests : RegistryTestBase
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
    public async Task An_archived_version_still_resolves_but_cannot_be_promoted()
    {
        var archived = await _registry.ArchiveAsync("m", 1);

        Assert.That(archived.Archived, Is.True);
        Assert.That((await _registry.ResolveAsync("m:1")).Archived, Is.True, "a deployment running it can still fetch it");
        Assert.That((await _registry.GetAsync("m", 2)).Archived, Is.False);
        Assert.That(Directory.EnumerateFiles(archived.ArtifactPath, "*", SearchOption.AllDirectories), Is.Not.Empty, "never deleted");
        var refused = await Fails(() => _registry.SetAliasAsync("m", 1, "production"));
        Assert.That(refused.Message, Does.Contain("m:1 is archived"));
        Assert.That(await _registry.TryGetByAliasAsync("m", "production"), Is.Null, "nothing was promoted");
    }

    [Test]
    public async Task Archiving_the_version_an_alias_points_at_is_refused_and_changes_nothing()
    {
        await _registry.SetAliasAsync("m", 2, "production");
        var refused = await Fails(() => _registry.ArchiveAsync("m", 2));
        Assert.That(refused.Kind, Is.EqualTo(RegistryErrorKind.Conflict));
        Assert.That(refused.Message, Does.Contain("m@production"));
        Assert.That((await _registry.GetAsync("m", 2)).Archived, Is.False);
    }

    [Test]
    public async Task Archive_and_demote_are_audit_events_and_archiving_twice_records_once()
    {
        await _registry.SetAliasAsync("m", 2, "staging");
        await _registry.RemoveAliasAsync("m", "staging");
        await _registry.ArchiveAsync("m", 1);
        await _registry.ArchiveAsync("m", 1);

        var trail = await _registry.ReadAuditAsync();
        Assert.That(trail.Intact, Is.True);
        var kinds = trail.Lines.Select(l => (l.Event.Event, l.Event.Version)).ToList();
        Assert.That(kinds, Does.Contain((AuditEventKinds.Demoted, (int?)2)));
        Assert.That(kinds.Count(k => k == (AuditEventKinds.Archived, (int?)1)), Is.EqualTo(1));
    }

    [Test]
    public async Task Archiving_an_unknown_version_names_it()
    {
        var missing = await Fails(() => _registry.ArchiveAsync("m", 9));
        Assert.That(missing.Kind, Is.EqualTo(RegistryErrorKind.VersionNotFound));
    }
}
