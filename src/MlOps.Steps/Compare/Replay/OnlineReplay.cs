using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Server;
using MlOps.Steps.Common;
using MlOps.Steps.Compare.Online;

namespace MlOps.Steps.Compare.Replay;

/// <summary>The logs and labels a replay produced, ready for <see cref="OnlineAnalysis"/>.</summary>
public sealed record ReplayedTraffic(string ChampionLog, string ChallengerLog, string LabelsPath, int Requests, string Route);

/// <summary>
/// The local stand-in for live traffic: serves both models with the scoring server `mlops serve` runs (on 127.0.0.1,
/// any free port, every request logged), sends each CSV row as its own request with an X-Request-Id, and keeps the
/// label column aside as the delayed-labels file, as if the outcomes arrived later.
/// </summary>
public sealed class OnlineReplay(StepContext context)
{
    public const string IdColumn = DelayedLabels.DefaultIdColumn;
    private const int Parallelism = 4;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public async Task<ReplayedTraffic> RunAsync(ResolvedModel champion, ResolvedModel challenger, string dataPath, string directory,
        TrafficMode mode, int challengerPercent, CancellationToken ct)
    {
        if (challengerPercent is < 0 or > 100) throw new InvalidInputException($"--split {challengerPercent}: expected the challenger's share in percent, 0 to 100");
        var card = ModelLoader.ReadCard(champion.Path);
        var challengerCard = ModelLoader.ReadCard(challenger.Path);
        if (challengerCard.Task != card.Task || challengerCard.Label != card.Label)
            throw new InvalidInputException($"champion {champion.Reference} predicts {card.Label} ({card.Task.ToName()}) but challenger {challenger.Reference} predicts {challengerCard.Label} ({challengerCard.Task.ToName()})");
        if (!File.Exists(dataPath)) throw new InvalidInputException($"--replay {dataPath}: no such file");
        var raw = CsvReader.Read(dataPath);
        var label = Column(raw, card.Label, "the models' label, kept aside as the delayed labels");
        var features = card.Features.Concat(challengerCard.Features).DistinctBy(f => f.Name)
            .Select(f => (f.Name, f.Kind, Index: Column(raw, f.Name, "a feature of " + (card.Features.Contains(f) ? champion.Reference : challenger.Reference)))).ToList();

        Directory.CreateDirectory(directory);
        var traffic = new ReplayedTraffic(Path.Combine(directory, "champion.jsonl"), Path.Combine(directory, "challenger.jsonl"),
            Path.Combine(directory, "labels.csv"), raw.Rows.Count, "");
        // The server appends to its log; a previous replay's entries would repeat every request id.
        File.Delete(traffic.ChampionLog);
        File.Delete(traffic.ChallengerLog);
        WriteLabels(traffic.LabelsPath, card.Label, raw, label);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var servers = new[] { Serve(champion, traffic.ChampionLog, stop.Token), Serve(challenger, traffic.ChallengerLog, stop.Token) };
        string route;
        try
        {
            var championUrl = await servers[0].Ready;
            var challengerUrl = await servers[1].Ready;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var poster = new ScorePoster(http);
            IReplayRoute replayRoute = mode == TrafficMode.Mirror
                ? new MirrorRoute(poster, championUrl, challengerUrl)
                : new HashSplitRoute(poster, championUrl, challengerUrl, challengerPercent);
            route = replayRoute.Description;
            context.Say($"replaying {raw.Rows.Count} rows of {dataPath} ({route}); champion {championUrl}, challenger {challengerUrl}");
            await Parallel.ForEachAsync(Enumerable.Range(0, raw.Rows.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (r, token) => await replayRoute.SendAsync(RequestId(r), Body(raw.Rows[r], features), $"{raw.Source}:{raw.Lines[r]}", token));
        }
        finally
        {
            // A graceful stop drains each request log before the analysis reads it.
            await stop.CancelAsync();
            await Task.WhenAll(servers.Select(s => s.Stopped));
        }
        return traffic with { Route = route };
    }

    public static string RequestId(int row) => $"replay-{row + 1:D6}";

    private sealed record RunningServer(Task<string> Ready, Task Stopped);

    private static RunningServer Serve(ResolvedModel model, string log, CancellationToken stop)
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new ScoringServerOptions("127.0.0.1", 0, model.RegistryVersion ?? model.Reference)
        {
            RequestLogPath = log,
            RequestLogSampleRate = 1,
            DriftWindowRows = 0,
            // Both variants get the same request, with the union of their features, as behind a router.
            IgnoreExtraColumns = true,
        };
        var running = Task.Run(() => ScoringHost.RunAsync(model.Path, options, url => ready.TrySetResult(url), stop));
        return new RunningServer(ReadyAsync(model, ready.Task, running), running);
    }

    private static async Task<string> ReadyAsync(ResolvedModel model, Task<string> ready, Task running)
    {
        var first = await Task.WhenAny(ready, running, Task.Delay(ReadyTimeout));
        if (first == ready) return await ready;
        if (first == running) await running; // surfaces the host's own error (a model that does not load)
        throw new ExternalFailureException($"the scoring server for {model.Reference} was not ready within {ReadyTimeout.TotalSeconds:0} s");
    }

    private static int Column(CsvReader.RawTable raw, string name, string why)
    {
        var index = Array.IndexOf(raw.Header, name);
        return index >= 0 ? index : throw new InvalidInputException($"{raw.Source}:1: no column '{name}' ({why}); found: {string.Join(", ", raw.Header)}");
    }

    /// <summary>One row as the server takes it, the label left out.</summary>
    private static byte[] Body(string[] cells, List<(string Name, ColumnKind Kind, int Index)> features) =>
        OneRowRequest.Body(features.Select(f => (f.Name, cells[f.Index], f.Kind)));

    private static void WriteLabels(string path, string labelColumn, CsvReader.RawTable raw, int label)
    {
        using var writer = new StreamWriter(path);
        writer.Write($"{IdColumn},{Quote(labelColumn)}\n");
        for (var r = 0; r < raw.Rows.Count; r++) writer.Write($"{RequestId(r)},{Quote(raw.Rows[r][label].Trim())}\n");
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
