using System.Text.Json;
using MlOps.Registry.Audit;

namespace MlOps.Registry.Tests;

/// <summary>The hash-chained events.jsonl: every edit, deletion or reordering of a line is found and named by line.</summary>
public class AuditChainTests : RegistryTestBase
{
    private string EventsPath => Path.Combine(Root, "events.jsonl");

    /// <summary>Five events: registered 1, registered 2, promoted 1, promoted 2, tags-set 2.</summary>
    private async Task<LocalModelRegistry> FiveEvents()
    {
        var registry = new LocalModelRegistry(Root, audit: new AuditContext("octocat", "github-actions", "https://github.com/o/r/actions/runs/7"));
        await registry.RegisterAsync("m", Source);
        await registry.RegisterAsync("m", Source);
        await registry.SetAliasAsync("m", 1, "production");
        await registry.SetAliasAsync("m", 2, "production");
        await registry.SetTagsAsync("m", 2, Map(("stage", "blessed")));
        return registry;
    }

    private string[] Lines() => File.ReadAllLines(EventsPath);

    private void WriteLines(IEnumerable<string> lines) => File.WriteAllText(EventsPath, string.Join("\n", lines) + "\n");

    [Test]
    public async Task An_untouched_log_verifies_and_every_line_links_to_the_one_before()
    {
        var registry = await FiveEvents();
        var audit = await registry.ReadAuditAsync();
        Assert.That(audit.Problems, Is.Empty);
        Assert.That(audit.Lines.Select(l => l.Event.Seq), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
        var docs = Lines().Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(docs[0].GetProperty("prevHash").GetString(), Is.EqualTo(new string('0', 64)));
        for (var i = 1; i < docs.Count; i++)
            Assert.That(docs[i].GetProperty("prevHash").GetString(), Is.EqualTo(docs[i - 1].GetProperty("hash").GetString()));
        Assert.That(audit.HeadHash, Is.EqualTo(docs[^1].GetProperty("hash").GetString()));
        Assert.That(docs.Select(d => d.GetProperty("who").GetString()), Has.All.EqualTo("octocat"));
        Assert.That(docs.Select(d => d.GetProperty("runUrl").GetString()), Has.All.EqualTo("https://github.com/o/r/actions/runs/7"));
    }

    [Test]
    public async Task An_edited_line_is_named()
    {
        await FiveEvents();
        var lines = Lines();
        lines[2] = lines[2].Replace("\"who\":\"octocat\"", "\"who\":\"mallory\"");
        WriteLines(lines);

        var audit = new AuditTrail(Root).Read();
        Assert.That(audit.Intact, Is.False);
        Assert.That(audit.FirstProblem!.LineNumber, Is.EqualTo(3));
        Assert.That(audit.FirstProblem.Message, Does.Contain("line 3").And.Contain("was edited"));
        Assert.That(audit.Problems, Has.Count.EqualTo(1), "the lines after the edit still link to the hash it claims");
    }

    [Test]
    public async Task An_edited_and_rehashed_line_breaks_the_link_of_the_next_one()
    {
        await FiveEvents();
        var lines = Lines();
        // A forger who recomputes the edited line's hash still cannot make line 4's prevHash match it.
        var edited = lines[1].Replace("\"version\":2", "\"version\":9");
        var body = edited[..edited.LastIndexOf(",\"hash\":", StringComparison.Ordinal)] + "}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));
        lines[1] = body[..^1] + $",\"hash\":\"{hash}\"}}";
        WriteLines(lines);

        var audit = new AuditTrail(Root).Read();
        Assert.That(audit.FirstProblem!.LineNumber, Is.EqualTo(3));
        Assert.That(audit.FirstProblem.Message, Does.Contain("does not follow line 2"));
    }

    [Test]
    public async Task A_deleted_line_is_named()
    {
        await FiveEvents();
        WriteLines(Lines().Where((_, i) => i != 2));

        var audit = new AuditTrail(Root).Read();
        Assert.That(audit.FirstProblem!.LineNumber, Is.EqualTo(3));
        Assert.That(audit.FirstProblem.Message, Does.Contain("event seq 3 was deleted"));
    }

    [Test]
    public async Task Reordered_lines_are_named()
    {
        await FiveEvents();
        var lines = Lines();
        (lines[1], lines[3]) = (lines[3], lines[1]);
        WriteLines(lines);

        var audit = new AuditTrail(Root).Read();
        Assert.That(audit.FirstProblem!.LineNumber, Is.EqualTo(2));
        Assert.That(audit.FirstProblem.Message, Does.Contain("reordered"));
    }

    [Test]
    public async Task A_deleted_first_line_is_named()
    {
        await FiveEvents();
        WriteLines(Lines().Skip(1));
        var audit = new AuditTrail(Root).Read();
        Assert.That(audit.FirstProblem!.LineNumber, Is.EqualTo(1));
        Assert.That(audit.FirstProblem.Message, Does.Contain("deleted"));
    }

    [Test]
    public async Task A_registered_line_cut_off_the_end_is_found_by_the_cross_check()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        await registry.RegisterAsync("m", Source);
        await registry.RegisterAsync("m", Source);
        var lines = Lines();
        WriteLines(lines.Where((_, i) => i != 1).Select((l, i) => l)); // removes m:2's event and breaks the chain
        var audit = await registry.ReadAuditAsync();
        Assert.That(audit.Problems.Select(p => p.Message), Has.Some.Contains("m:2 is in the registry but the log has no 'registered' event"));

        WriteLines(lines.Take(2)); // the end cut off: the chain itself cannot see it
        audit = await registry.ReadAuditAsync();
        Assert.That(audit.Problems, Is.Empty, "only the newest version misses its event: indistinguishable from a writer that crashed after publishing");
        Assert.That(audit.Notes, Has.Some.Contains("m:3 is published but its 'registered' event is not written yet"));
    }

    [Test]
    public async Task A_crash_between_publishing_and_recording_is_recorded_by_the_next_registration()
    {
        var registry = new LocalModelRegistry(Root, audit: new AuditContext("alice", "local"));
        await registry.RegisterAsync("m", Source);
        await registry.RegisterAsync("m", Source);
        WriteLines(Lines().Take(1)); // as if the writer of m:2 died right after the rename

        await new LocalModelRegistry(Root, audit: new AuditContext("bob", "local")).RegisterAsync("m", Source);
        var audit = await registry.ReadAuditAsync();
        Assert.That(audit.Problems, Is.Empty);
        var events = audit.Lines.Select(l => l.Event).ToList();
        Assert.That(events.Select(e => $"{e.Event} {e.Version} {e.Who} {e.Recovered}"),
            Is.EqualTo(new[] { "registered 1 alice ", "registered 2 alice True", "registered 3 bob " }),
            "the recovered event keeps who registered the version, not who noticed");
    }

    [Test]
    public async Task A_replaced_version_json_is_found()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        var path = Path.Combine(Root, "m", "versions", "1", "version.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"contentSha256\": \"", "\"contentSha256\": \"00"));
        var audit = await registry.ReadAuditAsync();
        Assert.That(audit.Problems.Single().Message, Does.Contain("the version's metadata was replaced"));
    }

    [Test]
    public async Task A_log_from_before_the_chain_is_continued_and_its_last_line_protected()
    {
        Directory.CreateDirectory(Root);
        File.WriteAllText(EventsPath,
            "{\"time\":\"2025-01-01T00:00:00Z\",\"event\":\"alias-set\",\"model\":\"old\",\"version\":1,\"user\":\"u\",\"host\":\"h\"}\n");
        var registry = Registry();
        await registry.RegisterAsync("m", Source);

        var audit = await registry.ReadAuditAsync();
        Assert.That(audit.Problems, Is.Empty);
        Assert.That(audit.Lines.Select(l => l.Event.Seq), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(audit.Notes, Has.Some.Contains("before the log was hash-chained"));

        var lines = Lines();
        lines[0] = lines[0].Replace("\"u\"", "\"x\"");
        WriteLines(lines);
        Assert.That((await registry.ReadAuditAsync()).FirstProblem!.LineNumber, Is.EqualTo(2));
    }
}
