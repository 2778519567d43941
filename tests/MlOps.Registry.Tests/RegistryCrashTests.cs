using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace MlOps.Registry.Tests;

/// <summary>
/// The local registry under real crashes: 8 writer processes × 200 registrations into one model while writers are
/// killed with SIGKILL at random points and restarted, and a reader checks the registry the whole time. Afterwards:
/// every acknowledged registration is there exactly once with intact content, numbers are unique and gapless, every
/// version is intact, and the audit trail verifies with one "registered" event per version.
/// </summary>
[TestFixture, NonParallelizable]
public class RegistryCrashTests : RegistryTestBase
{
    private const int Writers = 8;
    private const int Items = 200;
    private const int PayloadBytes = 2_048; // small files: the test is about crashes and concurrency, not throughput
    private const string Model = "stress";

    private static string WriterDll => Path.Combine(TestContext.CurrentContext.TestDirectory, "MlOps.Registry.StressWriter.dll");

    private sealed record Ack(int Writer, int Item, int Version, string ContentSha256);

    private sealed class WriterSlot(int writer)
    {
        public int Writer { get; } = writer;
        public Process? Process { get; set; }
        public int NextItem { get; set; }
        public ConcurrentQueue<Ack> Acks { get; } = new();
        public Task? Reading { get; set; }
    }

    [Test]
    public async Task Killed_writers_lose_duplicate_and_corrupt_nothing_and_the_registry_stays_readable()
    {
        var clock = Stopwatch.StartNew();
        var slots = Enumerable.Range(0, Writers).Select(w => new WriterSlot(w)).ToList();
        foreach (var slot in slots) Start(slot);

        using var stopReading = new CancellationTokenSource();
        var readerFailures = new ConcurrentQueue<string>();
        var reads = 0;
        var reader = Task.Run(() => ReadContinuously(readerFailures, () => Interlocked.Increment(ref reads), stopReading.Token));

        // Kill a random writer every 150-400 ms for the first part of the run, then let everyone finish.
        var random = new Random(20251124);
        var kills = 0;
        while (kills < 40 && slots.Any(s => !s.Process!.HasExited))
        {
            await Task.Delay(random.Next(150, 400));
            var victim = slots[random.Next(slots.Count)];
            if (victim.Process!.HasExited) continue;
            victim.Process.Kill(); // SIGKILL on Unix: no finally blocks, no flush, no cleanup
            await victim.Process.WaitForExitAsync();
            kills++;
            await Restart(victim);
        }
        foreach (var slot in slots)
        {
            while (true)
            {
                await slot.Process!.WaitForExitAsync();
                await slot.Reading!;
                Assert.That(slot.Process.ExitCode, Is.EqualTo(0), $"writer {slot.Writer} failed: {slot.Process.StandardError.ReadToEnd()}");
                if (Acked(slot) >= Items) break;
                await Restart(slot); // a clean exit before the end cannot happen, but never loop on it silently
            }
        }
        stopReading.Cancel();
        await reader;

        var acks = slots.SelectMany(s => s.Acks).ToList();
        TestContext.Out.WriteLine($"{acks.Count} acknowledged registrations, {kills} SIGKILLs, {reads} concurrent reads, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.That(readerFailures, Is.Empty, "the registry must be readable at every moment");
        Assert.That(kills, Is.GreaterThanOrEqualTo(20), "the test must actually kill writers");
        Assert.That(acks.Select(a => (a.Writer, a.Item)), Is.Unique);
        Assert.That(acks, Has.Count.EqualTo(Writers * Items), "every registration was eventually acknowledged");
        Assert.That(acks.Select(a => a.Version), Is.Unique, "two registrations were told the same version number");

        var registry = Registry();
        var versions = await registry.ListVersionsAsync(Model);
        Assert.That(versions.Select(v => v.Version), Is.EqualTo(Enumerable.Range(1, versions.Count)), "numbers are unique and without gaps");
        var byNumber = versions.ToDictionary(v => v.Version);
        foreach (var ack in acks)
        {
            Assert.That(byNumber.TryGetValue(ack.Version, out var version), Is.True, $"acknowledged {Model}:{ack.Version} was lost");
            Assert.That(version!.ContentSha256, Is.EqualTo(ack.ContentSha256));
            Assert.That(version.Tags["writer"], Is.EqualTo(ack.Writer.ToString(CultureInfo.InvariantCulture)));
            Assert.That(version.Tags["item"], Is.EqualTo(ack.Item.ToString(CultureInfo.InvariantCulture)));
            Assert.That(File.ReadAllBytes(Path.Combine(version.ArtifactPath, "model.bin")), Is.EqualTo(Payload(ack.Writer, ack.Item)),
                $"{Model}:{ack.Version} does not hold writer {ack.Writer}'s item {ack.Item}");
        }
        foreach (var version in versions)
            Assert.That(TreeHash.Of(version.ArtifactPath), Is.EqualTo(version.ContentSha256), $"{version.Reference} is corrupt");
        // A writer killed after publishing but before printing leaves a version nobody was told about; it is complete
        // (checked above) and the restarted writer registers that item again. At most one per kill.
        var unacknowledged = versions.Count - acks.Count;
        Assert.That(unacknowledged, Is.InRange(0, kills));

        var audit = await registry.ReadAuditAsync();
        Assert.That(audit.Problems.Select(p => p.Message), Is.Empty);
        var registered = audit.Lines.Where(l => l.Event.Event == "registered").Select(l => l.Event.Version!.Value).ToList();
        Assert.That(registered, Is.Unique);
        Assert.That(registered.Order(), Is.EqualTo(Enumerable.Range(1, versions.Count)), "one 'registered' event per version, recovered ones included");
        Assert.That(Directory.GetDirectories(Path.Combine(Root, Model), ".staging-*"), Has.Length.LessThanOrEqualTo(0),
            "the last registrations clean up what killed writers left");
    }

    private int Acked(WriterSlot slot) => slot.Acks.IsEmpty ? 0 : slot.Acks.Max(a => a.Item) + 1;

    private void Start(WriterSlot slot)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { WriterDll, Root, Model, slot.Writer.ToString(CultureInfo.InvariantCulture),
                     slot.NextItem.ToString(CultureInfo.InvariantCulture), Items.ToString(CultureInfo.InvariantCulture),
                     PayloadBytes.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        slot.Process = process;
        slot.Reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts is not ["ack", _, _, _, _]) continue; // a line torn by the kill was never a promise
                slot.Acks.Enqueue(new Ack(int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture),
                    int.Parse(parts[3], CultureInfo.InvariantCulture), parts[4]));
            }
        });
    }

    /// <summary>Continues after the last acknowledged item: the one in flight at the kill is attempted again.</summary>
    private async Task Restart(WriterSlot slot)
    {
        await slot.Reading!;
        slot.NextItem = Acked(slot);
        Start(slot);
    }

    /// <summary>
    /// Reads without pause: the newest version (files present, hash matching) and the audit chain every time, the full
    /// listing and the audit cross-check every tenth time (they read every version.json, so they would otherwise eat
    /// the CPU the writers need). Any exception or inconsistency is a failure.
    /// </summary>
    private async Task ReadContinuously(ConcurrentQueue<string> failures, Action counted, CancellationToken stop)
    {
        var registry = Registry();
        var seen = 0;
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            try
            {
                if ((await registry.ListModelsAsync()).Count == 0) { await Task.Delay(20); continue; }
                var newest = await Newest(registry);
                if (newest.Version < seen) failures.Enqueue($"the newest version went from {seen} to {newest.Version}");
                seen = newest.Version;
                if (!File.Exists(Path.Combine(newest.ArtifactPath, "model.bin")) || !File.Exists(Path.Combine(newest.ArtifactPath, "id.txt")))
                    failures.Enqueue($"{newest.Reference} is visible without its files");
                else if (TreeHash.Of(newest.ArtifactPath) != newest.ContentSha256)
                    failures.Enqueue($"{newest.Reference} is visible with content that does not match its hash");
                var audit = round % 10 == 0 ? await registry.ReadAuditAsync() : registry.Audit.Read();
                foreach (var problem in audit.Problems) failures.Enqueue($"audit: {problem.Message}");
                if (round % 10 == 0 && (await registry.ListVersionsAsync(Model)).Count < seen)
                    failures.Enqueue("the listing has fewer versions than the newest number");
                counted();
            }
            catch (Exception e)
            {
                failures.Enqueue($"{e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>The highest version folder, loaded through the registry: a published folder must always load.</summary>
    private static async Task<ModelVersion> Newest(LocalModelRegistry registry)
    {
        var folder = Path.Combine(registry.RootPath, Model, "versions");
        var newest = Directory.GetDirectories(folder).Select(d => int.TryParse(Path.GetFileName(d), out var n) ? n : 0).Max();
        return await registry.GetAsync(Model, newest);
    }

    private static byte[] Payload(int writer, int item)
    {
        var bytes = new byte[PayloadBytes];
        new Random(writer * 100_003 + item).NextBytes(bytes);
        return bytes;
    }
}
