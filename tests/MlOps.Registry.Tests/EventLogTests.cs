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
            "registered m:1", "registered m:2", "alias-set m:1", "alias-set m:2", "tags-set m:2", "alias-removed m:2",
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
    public async Task A_line_torn_by_a_crash_does_not_swallow_the_next_event()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        File.AppendAllText(EventsPath, "{\"time\":\"2025-01-01T00:00:00Z\",\"ev");
        await registry.SetAliasAsync("m", 1, "production");

        var lines = File.ReadAllLines(EventsPath);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(JsonDocument.Parse(lines[2]).RootElement.GetProperty("event").GetString(), Is.EqualTo("alias-set"));
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
