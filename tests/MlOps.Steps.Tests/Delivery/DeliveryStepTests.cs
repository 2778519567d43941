using System.Text.Json;
using MlOps.CiHosts;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Delivery;

namespace MlOps.Steps.Tests.Delivery;

/// <summary>
/// The step on a real registry: run.json's startedAt is where lead time starts, the trail is verified before
/// anything is measured, and an empty window says so. Promotions are appended through the registry's own
/// <see cref="AuditTrail"/> with chosen times (a day apart from "now"), so lead times are known to the second.
/// </summary>
[TestFixture]
public class DeliveryStepTests
{
    private string _dir = "";
    private string _root = "";
    private StringWriter _out = null!;
    private StringWriter _err = null!;
    private DateTime _start;

    [SetUp]
    public void Create()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mlops-delivery-" + Guid.NewGuid().ToString("N")[..8]);
        _root = Path.Combine(_dir, "registry");
        _out = new StringWriter();
        _err = new StringWriter();
        _start = DateTime.UtcNow;
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private DeliveryStep Step(TimeSpan after) =>
        new(new StepContext(new LocalHost(_ => null, _out, _err), _out), new FixedClock(_start + after));

    /// <summary>A model folder; with <paramref name="trainedAt"/> it has a run.json saying when training started.</summary>
    private string Folder(string name, DateTime? trainedAt)
    {
        var folder = Path.Combine(_dir, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "model.bin"), name);
        if (trainedAt is { } t)
            File.WriteAllText(Path.Combine(folder, "run.json"), JsonSerializer.Serialize(new { model = "m", startedAt = new DateTimeOffset(t) }));
        return folder;
    }

    private async Task TwoPromotionsAndARollbackAsync()
    {
        var registry = new LocalModelRegistry(_root);
        await registry.RegisterAsync("m", Folder("a", _start.AddHours(-10)));
        await registry.RegisterAsync("m", Folder("b", null));
        var trail = new AuditTrail(_root);
        await trail.AppendAsync(new AuditEvent(AuditEventKinds.Promoted, "m", 1) { Alias = "production", Time = _start.AddDays(1) });
        await trail.AppendAsync(new AuditEvent(AuditEventKinds.Promoted, "m", 2) { Alias = "production", Previous = 1, Time = _start.AddDays(2) });
        await trail.AppendAsync(new AuditEvent(AuditEventKinds.RolledBack, "m", 1) { Alias = "production", Previous = 2, Time = _start.AddDays(2).AddHours(3) });
    }

    [Test]
    public async Task Json_measures_from_run_json_and_falls_back_to_registration()
    {
        await TwoPromotionsAndARollbackAsync();

        var result = await Step(TimeSpan.FromDays(3)).RunAsync(new DeliveryOptions(Since: "1w", RegistryPath: _root, Format: DeliveryFormat.Json));

        Assert.That(result.Intact, Is.True, _err.ToString());
        using var doc = JsonDocument.Parse(_out.ToString());
        var changes = doc.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.That(changes.Select(c => c.GetProperty("leadFrom").GetString()), Is.EqualTo(new[] { "training", "registration" }));
        Assert.That(changes[0].GetProperty("leadTimeHours").GetDouble(), Is.EqualTo(34), "from training 10 h before the start to a day after it");
        Assert.That(changes[1].GetProperty("leadTimeHours").GetDouble(), Is.EqualTo(48).Within(0.01), "from registration (just after the start)");
        var all = doc.RootElement.GetProperty("all");
        Assert.That(all.GetProperty("changes").GetInt32(), Is.EqualTo(2));
        Assert.That(all.GetProperty("changeFailureRate").GetDouble(), Is.EqualTo(0.5));
        Assert.That(all.GetProperty("timeToRestoreMedianHours").GetDouble(), Is.EqualTo(3));
        Assert.That(doc.RootElement.GetProperty("notes")[0].GetString(), Does.Contain("m:2"));
    }

    [Test]
    public async Task A_tampered_trail_is_refused_naming_the_line()
    {
        await TwoPromotionsAndARollbackAsync();
        var log = Path.Combine(_root, "events.jsonl");
        var lines = File.ReadAllLines(log);
        lines[4] = lines[4].Replace("\"rolled-back\"", "\"promoted\"");
        File.WriteAllLines(log, lines);

        var result = await Step(TimeSpan.FromDays(3)).RunAsync(new DeliveryOptions(RegistryPath: _root));

        Assert.That(result.Intact, Is.False);
        Assert.That(result.Report, Is.Null);
        Assert.That(_out.ToString(), Is.Empty, "no numbers from a trail that does not verify");
        Assert.That(_err.ToString(), Does.Contain("events.jsonl:5").And.Contain("audit trail broken"));
    }

    [Test]
    public async Task An_empty_window_says_there_is_nothing_to_measure()
    {
        await new LocalModelRegistry(_root).RegisterAsync("m", Folder("a", null));

        var result = await Step(TimeSpan.FromDays(1)).RunAsync(new DeliveryOptions(RegistryPath: _root));

        Assert.That(result.Intact, Is.True);
        Assert.That(_out.ToString(), Does.StartWith("no changes to @production between").And.Contain("nothing to measure"));
    }

    [Test]
    public async Task Mermaid_draws_changes_and_failures_per_week()
    {
        await TwoPromotionsAndARollbackAsync();

        await Step(TimeSpan.FromDays(3)).RunAsync(new DeliveryOptions(Since: "2w", RegistryPath: _root, Format: DeliveryFormat.Mermaid));

        var chart = _out.ToString();
        Assert.That(chart, Does.StartWith("xychart-beta"));
        Assert.That(chart, Does.Contain("bar [0, 2]").And.Contain("line [0, 1]"), "both changes fall in the second week of the window");
    }
}
