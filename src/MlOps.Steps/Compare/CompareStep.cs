using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Reports;
using MlOps.Steps.Common;

namespace MlOps.Steps.Compare;

public sealed record CompareOptions(string Champion, string Challenger, string? DataPath = null, string? ConfigPath = null,
    string? ReportDirectory = null, string? RegistryPath = null);

public sealed record CompareResult(GateReport Report, bool ChallengerWins, string ReportMarkdown);

/// <summary>
/// Offline A/B: both models score the same rows; the verdict is taken on the task's primary metric (AUC, macro F1,
/// RMSE). The challenger "wins" when it is at least as good as the champion there.
/// </summary>
public sealed class CompareStep(StepContext context)
{
    public async Task<CompareResult> RunAsync(CompareOptions options, CancellationToken ct = default)
    {
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        var dataPath = options.DataPath is not null ? Path.GetFullPath(options.DataPath) : config?.Data.Test
            ?? throw new InvalidInputException("compare needs rows to score: give --data FILE, or --config with data.test");
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        var champion = await ResolvedModel.ResolveAsync(options.Champion, registry, ct);
        var challenger = await ResolvedModel.ResolveAsync(options.Challenger, registry, ct);
        var notes = new List<string>();
        var scored = PairedScoring.Score(dataPath, challenger.Path, champion.Path, notes);
        var task = scored.First.Card.Task;
        var primary = MetricCatalog.Find(task, MetricCatalog.Primary(task))!;
        double challengerValue = scored.First.Metrics[primary.Name], championValue = scored.Second!.Metrics[primary.Name];
        var wins = primary.HigherIsBetter ? challengerValue >= championValue : challengerValue <= championValue;
        var verdict = challengerValue == championValue ? $"tie on {primary.Name}"
            : wins ? $"challenger wins on {primary.Name}" : $"champion wins on {primary.Name}";
        var check = new GateCheck(GateKind.Baseline, primary.Name, "challenger at least as good as champion", challengerValue,
            championValue, championValue, wins,
            $"{primary.Name}: challenger {GateEvaluator.F(challengerValue)} vs champion {GateEvaluator.F(championValue)} ({verdict})");

        var metrics = (config?.Evaluate.Metrics ?? MetricCatalog.For(task).Select(m => m.Name))
            .Select(n => MetricCatalog.Find(task, n)!)
            .Select(m => new MetricRow(m.Name, m.Title, m.HigherIsBetter, scored.First.Metrics[m.Name], scored.Second.Metrics[m.Name]))
            .ToList();
        var report = new GateReport($"mlops compare · {scored.First.Card.Name}", verdict, wins, Core.Modeling.ModelTaskNames.ToName(task),
            new ModelIdentity(challenger.Reference, challenger.Path, challenger.Sha256, challenger.RegistryVersion),
            new ModelIdentity(champion.Reference, champion.Path, champion.Sha256, champion.RegistryVersion),
            new DataIdentity(dataPath, FileHash.Sha256(dataPath), scored.Rows), metrics, [check], notes, DateTimeOffset.UtcNow,
            CandidateLabel: "challenger", BaselineLabel: "champion");
        var directory = options.ReportDirectory is not null ? Path.GetFullPath(options.ReportDirectory)
            : Path.Combine(config?.Directory ?? Environment.CurrentDirectory, ".mlops", "compare");
        var (_, markdown) = ReportFiles.Write(report, directory);

        context.Say($"{"metric",-12} {"champion",10} {"challenger",11} {"change",9}");
        foreach (var m in metrics)
            context.Say($"{m.Name,-12} {GateEvaluator.F(m.Baseline!.Value),10} {GateEvaluator.F(m.Candidate),11} {(m.Delta >= 0 ? "+" : "") + GateEvaluator.F(m.Delta!.Value),9}");
        context.Say($"verdict: {verdict} ({scored.Rows} rows, same rows for both)");
        context.Say($"  report: {markdown}");
        context.Host.SetOutput("challenger_wins", wins ? "true" : "false");
        context.Host.UploadSummary(File.ReadAllText(markdown));
        return new CompareResult(report, wins, markdown);
    }
}
