using System.Globalization;
using System.Text.Json;
using MlOps.CiHosts;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Modeling;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Monitor;

namespace MlOps.Steps.Tests.Monitor;

/// <summary>
/// A registered binary model "m:1" whose training data was x ~ uniform(0, 1), c in {a, b} and a score ~ uniform(0, 1),
/// and request logs written as the scoring server writes them. Monitoring reads only model.json, profile.json and the
/// model file's hash, so the model file is a stand-in: no training is needed and every distribution is known exactly.
/// </summary>
public sealed class MonitorWorkspace : IDisposable
{
    public const string Version = "m:1";
    public static readonly DateTimeOffset Day0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public MonitorWorkspace(string? monitorYaml = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-monitor-" + Guid.NewGuid().ToString("N")[..8]);
        var model = Path.Combine(Root, "model");
        Directory.CreateDirectory(model);
        var card = new ModelCard("m", "mlnet", "model.zip", ModelTask.BinaryClassification, "y", "yes", ["no", "yes"],
            [new FeatureInfo("x", ColumnKind.Numeric), new FeatureInfo("c", ColumnKind.Categorical)]);
        card.Save(model);
        File.WriteAllText(Path.Combine(model, "model.zip"), "stand-in");
        var n = 10_000;
        var training = new Table([
            TableColumn.Numeric("x", Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray()),
            TableColumn.Categorical("c", Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "a" : "b").ToArray()),
        ]);
        var scores = TableColumn.Numeric(PredictionColumn.Name, Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray());
        (DataProfile.Build(training, ["x", "c"]) with { Prediction = DataProfile.Profile(scores) }).Save(model);
        Config = Path.Combine(Root, "mlops.yml");
        File.WriteAllText(Config, $$"""
            model: { name: m, task: binary-classification, label: y, positive: "yes" }
            registry: { path: registry }
            {{monitorYaml ?? "monitor: { min-rows: 200 }"}}
            """);
        Registry = new LocalModelRegistry(Path.Combine(Root, "registry"));
        Registry.RegisterAsync("m", model).GetAwaiter().GetResult();
    }

    public string Root { get; }
    public string Config { get; }
    public LocalModelRegistry Registry { get; }
    public StringWriter Out { get; } = new();

    public string PathOf(string name) => Path.Combine(Root, name);

    public MonitorStep Step(MlOps.CiHosts.Retrain.IRetrainTrigger? trigger = null) =>
        new(new StepContext(new LocalHost(_ => null, Out, Out), Out), trigger);

    public Task<MonitorResult> RunAsync(string log, string? window = null, string? labels = null, bool trigger = false, bool skipOther = false,
        MlOps.CiHosts.Retrain.IRetrainTrigger? with = null) =>
        Step(with).RunAsync(new MonitorOptions(Version, PathOf(log), labels is null ? null : PathOf(labels), window, PathOf("out"), Config,
            Trigger: trigger, SkipOtherVersions: skipOther));

    /// <summary>Records an offline evaluation of m:1 the way `mlops evaluate` does: a gate event with metric.* details.</summary>
    public void RecordOfflineAuc(double auc) =>
        Registry.Audit.AppendAsync(new AuditEvent(AuditEventKinds.GatePassed, "m", 1)
        {
            Reason = "quality gate passed",
            Details = new Dictionary<string, string> { ["metric.auc"] = auc.ToString("R", CultureInfo.InvariantCulture) },
        }).GetAwaiter().GetResult();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    /// <summary>One log line: <paramref name="rows"/> of (x, c, score), as RequestLog writes it.</summary>
    public static string Line(DateTimeOffset time, string requestId, IEnumerable<(double X, string C, double Score)> rows, string version = Version)
    {
        var list = rows.ToList();
        return JsonSerializer.Serialize(new
        {
            time = time.ToString("O", CultureInfo.InvariantCulture),
            requestId,
            modelVersion = version,
            latencyMs = 1.5,
            inputs = list.Select(r => new Dictionary<string, object> { ["x"] = r.X, ["c"] = r.C }),
            outputs = list.Select(r => new { label = r.Score >= 0.5 ? "yes" : "no", probability = r.Score }),
        });
    }

    /// <summary>
    /// Requests of 50 rows, <paramref name="requests"/> of them, spread over one day from <paramref name="day"/>;
    /// x and the score uniform on [shift, 1 + shift), c alternating.
    /// </summary>
    public static IEnumerable<string> Day(int day, int requests, double shift = 0, string prefix = "r") =>
        Enumerable.Range(0, requests).Select(r => Line(Day0.AddDays(day).AddMinutes(r * 1440.0 / requests), $"{prefix}{day}-{r}",
            Enumerable.Range(0, 50).Select(i =>
            {
                var u = ((r * 50 + i) * 0.618034) % 1;
                return (u + shift, i % 2 == 0 ? "a" : "b", Math.Min(0.999, u + shift));
            })));

    public string WriteLog(string name, IEnumerable<string> lines)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }
}
