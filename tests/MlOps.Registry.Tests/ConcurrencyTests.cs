using System.Diagnostics;

namespace MlOps.Registry.Tests;

public class ConcurrencyTests : RegistryTestBase
{
    [Test]
    public async Task Parallel_registrations_from_separate_instances_get_exactly_one_to_n()
    {
        // Separate instances share nothing in memory: only the lock file keeps them from taking the same number.
        // They start together behind a gate, so without the lock they would race for the same number.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var registry = Registry();
            await gate.Task;
            return await registry.RegisterAsync("m", Source);
        })).ToList();
        gate.SetResult();
        var versions = await Task.WhenAll(tasks);

        Assert.That(versions.Select(v => v.Version).Order(), Is.EqualTo(Enumerable.Range(1, 8)));
        foreach (var version in await Registry().ListVersionsAsync("m"))
            Assert.That(TreeHash.Of(version.ArtifactPath), Is.EqualTo(TreeHash.Of(Source)), version.Reference);
        Assert.That(File.ReadAllLines(Path.Combine(Root, "events.jsonl")).Count(l => l.Contains("\"registered\"")), Is.EqualTo(8));
        Assert.That(Directory.GetDirectories(Path.Combine(Root, "m"), ".staging-*"), Is.Empty);
    }

    [Test]
    public async Task Parallel_first_promotions_with_compare_and_set_have_exactly_one_winner()
    {
        await Registry().RegisterAsync("m", Source);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var registry = Registry();
            await gate.Task;
            try
            {
                await registry.SetAliasAsync("m", 1, "production", expectedCurrentVersion: 0);
                return "won";
            }
            catch (RegistryException e) when (e.Kind == RegistryErrorKind.Conflict)
            {
                return "conflict";
            }
        })).ToList();
        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);
        Assert.That(outcomes.Count(o => o == "won"), Is.EqualTo(1), string.Join(", ", outcomes));
    }

    [Test]
    public async Task A_held_lock_fails_writers_with_conflict_after_the_timeout_but_not_readers()
    {
        var registry = Registry(TimeSpan.FromMilliseconds(300));
        await registry.RegisterAsync("m", Source);
        // Held the way another mlops process holds it: the same path, FileShare.None (flock on Unix).
        using (new FileStream(Path.Combine(Root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var clock = Stopwatch.StartNew();
            var error = await Fails(() => registry.RegisterAsync("m", Source));
            Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.Conflict));
            Assert.That(error.Message, Does.StartWith("registry is locked by another process: " + Path.Combine(Root, ".lock")));
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)).And.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That((await Fails(() => registry.SetAliasAsync("m", 1, "production"))).Kind, Is.EqualTo(RegistryErrorKind.Conflict));

            Assert.That((await registry.ResolveAsync("m:1")).Version, Is.EqualTo(1), "reads take no lock");
            Assert.That(Directory.GetDirectories(Path.Combine(Root, "m"), ".staging-*"), Is.Empty, "the failed writer cleaned up its copy");
        }
        Assert.That((await registry.RegisterAsync("m", Source)).Version, Is.EqualTo(2));
    }

    [Test]
    public async Task Readers_racing_writers_only_ever_see_complete_versions()
    {
        File.WriteAllBytes(Path.Combine(Source, "model.bin"), RandomBytes(4_000_000, seed: 3));
        var expected = Sizes(Source);
        using var done = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            // Sizes only, not hashes: a cheap check polls often enough to land inside a non-atomic publication.
            var reads = new LocalModelRegistry(Root);
            var checks = 0;
            while (!done.IsCancellationRequested)
            {
                if (!(await reads.ListModelsAsync()).Contains("m")) continue;
                foreach (var version in await reads.ListVersionsAsync("m"))
                {
                    var seen = Sizes(version.ArtifactPath);
                    if (!seen.SequenceEqual(expected)) return $"{version.Reference} seen half-written: {string.Join(", ", seen)}";
                    checks++;
                }
            }
            return checks > 0 ? "ok" : "the reader never saw a version";
        });
        try
        {
            for (var i = 0; i < 4; i++) await Registry().RegisterAsync("m", Source);
        }
        finally
        {
            await done.CancelAsync(); // also when a registration throws, or the reader would spin on
        }
        Assert.That(await reader, Is.EqualTo("ok"));
    }

    private static List<string> Sizes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(folder, f)}={new FileInfo(f).Length}").Order(StringComparer.Ordinal).ToList();
}
