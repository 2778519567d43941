using System.Security.Cryptography;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Core.Gates;
using MlOps.Core.Modeling;
using MlOps.Reports;
using MlOps.Reports.Online;
using MlOps.Steps.Common;
using MlOps.Steps.Compare.Online;
using MlOps.Steps.Compare.Replay;

namespace MlOps.Steps.Compare;

/// <param name="ChampionLog">Champion's request log (file or folder of *.jsonl); with <paramref name="ReplayData"/> the replay writes it.</param>
/// <param name="LabelColumn">Null: the labels file's one column besides the id (and row); the models' label on a replay.</param>
/// <param name="ReplayData">Replay this CSV through both models (<paramref name="Champion"/>, <paramref name="Challenger"/>) first.</param>
/// <param name="SplitPercent">Replay in split mode: the challenger's share of requests.</param>
public sealed record OnlineCompareOptions(string? ChampionLog = null, string? ChallengerLog = null, string? LabelsPath = null,
    string? LabelColumn = null, string IdColumn = DelayedLabels.DefaultIdColumn, TrafficMode? Mode = null, double Alpha = 0.05, int? Horizon = null,
    string? ReportDirectory = null, string? ConfigPath = null, string? RegistryPath = null,
    string? ReplayData = null, string? Champion = null, string? Challenger = null, int SplitPercent = 50);

public sealed record OnlineCompareResult(GateReport Report, bool ChallengerWins, string Decision, string ReportMarkdown);

/// <summary>
/// Online A/B: decides between champion and challenger from what they answered live (their request logs) and the labels
/// that arrived later, and writes the same report as the offline comparison. See <see cref="OnlineAnalysis"/>.
/// </summary>
public sealed class OnlineCompareStep(StepContext context)
{
    public async Task<OnlineCompareResult> RunAsync(OnlineCompareOptions options, CancellationToken ct = default)
    {
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        var directory = options.ReportDirectory is not null ? Path.GetFullPath(options.ReportDirectory)
            : Path.Combine(config?.Directory ?? Environment.CurrentDirectory, ".mlops", "compare");
        ModelIdentity? championId = null, challengerId = null;
        string? positive = null, labelColumn = options.LabelColumn, route = null;
        var (championLog, challengerLog, labelsPath) = (options.ChampionLog, options.ChallengerLog, options.LabelsPath);
        if (options.ReplayData is { } data)
        {
            if (options.Champion is null || options.Challenger is null)
                throw new InvalidInputException("compare --online --replay needs --champion and --challenger: the two models to serve");
            if (championLog is not null || challengerLog is not null || labelsPath is not null)
                throw new InvalidInputException("compare --online: give either --replay DATA (which writes the logs and labels) or --champion-log, --challenger-log and --labels, not both");
            var registry = RegistryLocator.Open(config, options.RegistryPath);
            var champion = await ResolvedModel.ResolveAsync(options.Champion, registry, ct);
            var challenger = await ResolvedModel.ResolveAsync(options.Challenger, registry, ct);
            var card = Models.ModelLoader.ReadCard(champion.Path);
            var traffic = await new OnlineReplay(context).RunAsync(champion, challenger, Path.GetFullPath(data), Path.Combine(directory, "replay"),
                options.Mode ?? TrafficMode.Split, options.SplitPercent, ct);
            (championLog, challengerLog, labelsPath, route) = (traffic.ChampionLog, traffic.ChallengerLog, traffic.LabelsPath, traffic.Route);
            (championId, challengerId) = (Identity(champion), Identity(challenger));
            (positive, labelColumn) = (card.Positive, card.Label);
        }
        else if (championLog is null || challengerLog is null || labelsPath is null)
            throw new InvalidInputException("compare --online needs --champion-log, --challenger-log and --labels (or --replay DATA --champion REF --challenger REF)");

        var championTraffic = VariantLogReader.Read(championLog, "champion", "--champion-log");
        var challengerTraffic = VariantLogReader.Read(challengerLog!, "challenger", "--challenger-log");
        var labels = DelayedLabels.Load(labelsPath!, options.IdColumn, labelColumn);
        var result = OnlineAnalysis.Run(championTraffic, challengerTraffic, labels,
            new OnlineAnalysisOptions(options.Mode, options.Alpha, options.Horizon, positive));
        var s = result.Summary;
        var notes = result.Notes.ToList();
        if (route is not null) notes.Insert(0, $"replayed {options.ReplayData}: {route}");

        var wins = result.ChallengerWins;
        var verdict = s.Decision switch
        {
            OnlineAbSummary.ChallengerWins => $"challenger wins on {s.Metric} (online, {s.Test})",
            OnlineAbSummary.ChampionWins => $"champion wins on {s.Metric} (online, {s.Test})",
            _ => $"keep collecting: no significant difference in {s.Metric} yet (online, {s.Test})",
        };
        var loss = result.Metrics[0];
        var rule = s.Test == "sequential"
            ? $"challenger's mean loss lower: the always-valid {1 - s.Alpha:0.##%} interval of challenger − champion below 0"
            : $"challenger's mean loss lower: the {1 - s.Alpha:0.##%} interval of challenger − champion below 0 at {s.Horizon} samples";
        var check = new GateCheck(GateKind.Baseline, loss.Name, rule, loss.Candidate, loss.Baseline, null, wins,
            OnlineAbText.Finding(s), s.Lower, s.Upper, s.PValue);
        var report = new GateReport($"mlops compare --online · {ModelName(challengerTraffic)}", verdict, wins, result.Task.ToName(),
            challengerId ?? LogIdentity(challengerTraffic), championId ?? LogIdentity(championTraffic),
            new DataIdentity(Path.GetFullPath(labelsPath!), FileHash.Sha256(labelsPath!), s.Samples), result.Metrics, [check], notes,
            DateTimeOffset.UtcNow, CandidateLabel: "challenger", BaselineLabel: "champion", Online: s);
        var (_, markdown) = ReportFiles.Write(report, directory);

        context.Say($"{"",-22} {"champion",12} {"challenger",12}");
        foreach (var (name, champion, challenger) in OnlineAbText.Rows(s))
            context.Say($"{name,-22} {champion,12} {challenger,12}");
        foreach (var m in result.Metrics)
            context.Say($"{m.Name,-22} {GateEvaluator.F(m.Baseline ?? double.NaN),12} {GateEvaluator.F(m.Candidate),12}");
        context.Say(OnlineAbText.Finding(s));
        foreach (var note in notes) context.Say($"  note: {note}");
        context.Say($"verdict: {verdict}");
        context.Say($"  report: {markdown}");
        context.Host.SetOutput("challenger_wins", wins ? "true" : "false");
        context.Host.SetOutput("decision", s.Decision);
        context.Host.UploadSummary(File.ReadAllText(markdown));
        return new OnlineCompareResult(report, wins, s.Decision, markdown);
    }

    private static ModelIdentity Identity(ResolvedModel m) => new(m.Reference, m.Path, m.Sha256, m.RegistryVersion);

    /// <summary>Without the models at hand, the report pins the traffic: the versions the log names and a hash of its files.</summary>
    private static ModelIdentity LogIdentity(VariantLog log)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in log.Files) sha.AppendData(File.ReadAllBytes(file));
        return new ModelIdentity(string.Join(", ", log.ModelVersions), Path.GetFullPath(log.Path), Convert.ToHexStringLower(sha.GetHashAndReset()),
            log.ModelVersions.Count == 1 ? log.ModelVersions[0] : null);
    }

    private static string ModelName(VariantLog log) => log.ModelVersions[0].Split(':', '@')[0];
}
