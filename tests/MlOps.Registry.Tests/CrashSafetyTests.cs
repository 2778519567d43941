namespace MlOps.Registry.Tests;

public class CrashSafetyTests : RegistryTestBase
{
    [Test]
    public async Task A_staging_folder_left_by_a_crash_is_no_version_and_the_next_writer_removes_it()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        // What a process killed while copying leaves behind: a staging folder with part of the files (its lock died with it).
        var staging = Path.Combine(Root, "m", ".staging-deadbeef");
        Directory.CreateDirectory(Path.Combine(staging, "artifacts"));
        File.WriteAllText(Path.Combine(staging, "artifacts", "model.bin"), "half");
        File.WriteAllText(Path.Combine(Root, "m", ".staging-0ddba11.lock"), "");

        Assert.That((await registry.ListVersionsAsync("m")).Select(v => v.Version), Is.EqualTo(new[] { 1 }));
        Assert.That((await registry.RegisterAsync("m", Source)).Version, Is.EqualTo(2));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Root, "m")).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "versions" }), "abandoned staging folders and lock files are cleaned up");
    }

    [Test]
    public async Task A_crash_during_the_first_registration_leaves_no_model()
    {
        Directory.CreateDirectory(Path.Combine(Root, "m", ".staging-deadbeef", "artifacts"));
        Directory.CreateDirectory(Path.Combine(Root, "m", "versions"));
        var registry = Registry();
        Assert.That(await registry.ListModelsAsync(), Is.Empty);
        Assert.That((await Fails(() => registry.GetAsync("m", 1))).Kind, Is.EqualTo(RegistryErrorKind.ModelNotFound));
        Assert.That((await registry.RegisterAsync("m", Source)).Version, Is.EqualTo(1));
    }

    [Test]
    public async Task A_staging_folder_whose_writer_is_alive_is_left_alone()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        var staging = Path.Combine(Root, "m", ".staging-inprogress");
        Directory.CreateDirectory(staging);
        // Another writer still copying a large model holds its staging lock.
        using (new FileStream(staging + ".lock", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            await registry.RegisterAsync("m", Source);
            Assert.That(Directory.Exists(staging), Is.True);
        }
        await registry.RegisterAsync("m", Source);
        Assert.That(Directory.Exists(staging), Is.False, "once its writer is gone, it is abandoned");
    }

    [Test]
    public async Task A_version_number_used_by_an_incomplete_folder_is_not_handed_out_again()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        Directory.CreateDirectory(Path.Combine(Root, "m", "versions", "2")); // no version.json: not a version
        Assert.That((await registry.ListVersionsAsync("m")).Count, Is.EqualTo(1));
        Assert.That((await registry.RegisterAsync("m", Source)).Version, Is.EqualTo(3));
    }

    [Test]
    public async Task Metadata_rewrites_leave_no_temporary_files()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        await registry.SetAliasAsync("m", 1, "production");
        await registry.SetTagsAsync("m", 1, Map(("a", "1")));
        Assert.That(Directory.GetFiles(Path.Combine(Root, "m")).Select(Path.GetFileName), Is.EqualTo(new[] { "meta.json" }));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Root, "m", "versions", "1")).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "artifacts", "version.json" }));
    }

    [Test]
    public async Task A_cancelled_registration_leaves_nothing_behind()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(async () => await Registry().RegisterAsync("m", Source, cancellationToken: cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Root, "m")), Is.Empty);
        Assert.That(await Registry().ListModelsAsync(), Is.Empty);
    }
}
