using System.Text.Json;

namespace MlOps.Registry.Tests;

public class EventLogTests : RegistryTestBase
{
    private string EventsPath => Path.Combine(Root, "events.jsonl");

    private JsonElement[] Events() => File.ReadAllLines(EventsPath).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

    [Test]
    public async Task Every_change_appends_one_line_with_utc_time()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        await registry.RegisterAsync("m", Source);
        await registry.SetAliasAsync("m", 1, "production");
        await registry.SetAliasAsync("m", 2, "production");
        await registry.SetTagsAsync("m", 2, Map(("stage", "blessed")));
        await registry.RemoveAliasAsync("m", "production");
        await registry.GetAsync("m", 1);

        var events = Events();
        Assert.That(events.Select(e => $"{e.GetProperty("event")} {e.GetProperty("model")}:{e.GetProperty("version")}"), Is.EqualTo(new[]
        {
            "registered m:1", "registered m:2", "promoted m:1", "promoted m:2", "tags-set m:2", "demoted m:2",
        }), "reads are not history");
        Assert.That(events[3].GetProperty("previous").GetInt32(), Is.EqualTo(1), "a promotion records what it replaced");
        Assert.That(events[4].GetProperty("tags").GetProperty("stage").GetString(), Is.EqualTo("blessed"));
        foreach (var e in events)
        {
            Assert.That(e.GetProperty("time").GetString(), Does.EndWith("Z"));
            Assert.That(e.GetProperty("time").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(e.GetProperty("user").GetString(), Is.Not.Empty);
        }
    }

    [Test]
    public async Task A_line_torn_by_a_crash_is_cut_off_by_the_next_write_and_the_chain_stays_intact()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        File.AppendAllText(EventsPath, "{\"time\":\"2025-01-01T00:00:00Z\",\"ev");
        Assert.That((await registry.ReadAuditAsync()).Notes, Has.Some.Contains("line 2 is incomplete"), "readers skip a line being written");
        await registry.SetAliasAsync("m", 1, "production");

        var lines = File.ReadAllLines(EventsPath);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(JsonDocument.Parse(lines[1]).RootElement.GetProperty("event").GetString(), Is.EqualTo("promoted"));
        Assert.That((await registry.ReadAuditAsync()).Problems, Is.Empty);
    }

    [Test]
    public async Task Moving_an_alias_back_to_an_older_version_is_a_rollback()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        await registry.RegisterAsync("m", Source);
        await registry.SetAliasAsync("m", 2, "production");
        await registry.SetAliasAsync("m", 1, "production");
        var last = Events()[^1];
        Assert.That(last.GetProperty("event").GetString(), Is.EqualTo("rolled-back"));
        Assert.That(last.GetProperty("previous").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_refused_change_is_not_recorded()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        await registry.SetAliasAsync("m", 1, "production");
        await Fails(() => registry.SetAliasAsync("m", 1, "production", expectedCurrentVersion: 0));
        Assert.That(Events(), Has.Length.EqualTo(2));
    }
}
