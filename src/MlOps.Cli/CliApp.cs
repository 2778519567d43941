using System.Runtime.InteropServices;
using CommandLine;
using CommandLine.Text;
using MlOps.CiHosts;
using MlOps.CiHosts.PullRequests;
using MlOps.Cli.Verbs;
using MlOps.Core.Errors;
using MlOps.Deployment;
using MlOps.Steps.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Compare;
using MlOps.Steps.Delivery;
using MlOps.Steps.Deploy;
using MlOps.Steps.Evaluate;
using MlOps.Steps.Init;
using MlOps.Steps.Lineage;
using MlOps.Steps.Monitor;
using MlOps.Steps.Package;
using MlOps.Steps.Promote;
using MlOps.Steps.Retire;
using MlOps.Steps.Register;
using MlOps.Steps.Serve;
using MlOps.Steps.Train;

namespace MlOps.Cli;

/// <summary>Parses the command line, runs one step and turns its outcome into the documented exit code.</summary>
public static class CliApp
{
    private static readonly Type[] Verbs =
        [typeof(TrainVerb), typeof(EvaluateVerb), typeof(RegisterVerb), typeof(PromoteVerb), typeof(CompareVerb), typeof(ServeVerb), typeof(DeployVerb), typeof(PackageVerb),
         typeof(LineageVerb), typeof(AuditVerb), typeof(DemoteVerb), typeof(ArchiveVerb), typeof(MetricsVerb), typeof(MonitorVerb), typeof(InitVerb), typeof(RouteVerb)];

    public static async Task<int> RunAsync(string[] args, ICiHost host, TextWriter stdout, TextWriter stderr)
    {
        using var parser = new Parser(s =>
        {
            s.HelpWriter = null;
            s.CaseInsensitiveEnumValues = true;
        });
        var parsed = parser.ParseArguments(args, Verbs);
        if (parsed is NotParsed<object> notParsed)
            return ReportParseErrors(notParsed, stdout, stderr);

        var context = new StepContext(host, stdout);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            return await DispatchAsync(parsed.Value, context, stop.Token);
        }
        catch (MlOpsException e)
        {
            host.Fail(e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            host.Fail("cancelled");
            return ExitCodes.InternalError;
        }
        catch (Exception e)
        {
            host.Fail($"internal error: {e.GetType().Name}: {e.Message}");
            stderr.WriteLine(host.Redact(e.ToString()));
            return ExitCodes.InternalError;
        }
    }

    private static async Task<int> DispatchAsync(object verb, StepContext context, CancellationToken ct)
    {
        switch (verb)
        {
            case TrainVerb v:
                var trainOptions = new TrainOptions(v.Config, v.Output, v.Seed, v.Exclude.ToList(), v.Result);
                if (v.SkipIfUnchanged is { } alias) await new TrainStep(context).RunIfChangedAsync(trainOptions, alias, ct);
                else await new TrainStep(context).RunAsync(trainOptions, ct);
                return ExitCodes.Success;
            case EvaluateVerb v:
                var pullRequest = v.NoPrReport ? null : PullRequestReporterFactory.Create(context.Host, Environment.GetEnvironmentVariable);
                var evaluation = await new EvaluateStep(context, pullRequest).RunAsync(
                    new EvaluateOptions(v.Config, v.Model, v.Baseline, v.Data, v.Report, v.Registry), ct);
                return evaluation.Passed ? ExitCodes.Success : ExitCodes.GateFailed;
            case RegisterVerb v:
                await new RegisterStep(context).RunAsync(new RegisterStepOptions(v.Config, v.Model, v.Registry, ParseTags(v.Tags), v.Description), ct);
                return ExitCodes.Success;
            case PromoteVerb v:
                await new PromoteStep(context).RunAsync(new PromoteOptions(v.Reference, v.Alias, ConfigIfPresent(v.Config), v.Registry, v.Expect), ct);
                return ExitCodes.Success;
            case DemoteVerb v:
                await new RetireStep(context).DemoteAsync(new RetireOptions(v.Reference, ConfigIfPresent(v.Config), v.Registry), ct);
                return ExitCodes.Success;
            case ArchiveVerb v:
                await new RetireStep(context).ArchiveAsync(new RetireOptions(v.Reference, ConfigIfPresent(v.Config), v.Registry), ct);
                return ExitCodes.Success;
            case CompareVerb { Online: true } v:
                var online = await new OnlineCompareStep(context).RunAsync(new OnlineCompareOptions(v.ChampionLog, v.ChallengerLog, v.Labels,
                    v.LabelColumn, v.IdColumn, TrafficModeOf(v.Mode), v.Alpha, v.Horizon, v.Report, ConfigIfPresent(v.Config), v.Registry,
                    v.Replay, v.Champion, v.Challenger, v.Split), ct);
                return online.ChallengerWins ? ExitCodes.Success : ExitCodes.GateFailed;
            case CompareVerb v:
                if (v.Champion is null || v.Challenger is null)
                    throw new InvalidInputException("mlops compare needs --champion and --challenger (the two models to score), or --online");
                var comparison = await new CompareStep(context).RunAsync(
                    new CompareOptions(v.Champion, v.Challenger, v.Data, ConfigIfPresent(v.Config), v.Report, v.Registry), ct);
                return comparison.ChallengerWins ? ExitCodes.Success : ExitCodes.GateFailed;
            case ServeVerb v:
                await new ServeStep(context).RunAsync(new ServeOptions(v.Model, v.Host, v.Port, v.UrlFile, v.Registry, v.Name, ConfigIfPresent(v.Config),
                    ApiKey(context.Host), v.RequestLog, v.RequestLogSample, v.DriftWindow) { IgnoreExtraColumns = v.IgnoreExtraColumns }, ct);
                return ExitCodes.Success;
            case DeployVerb v:
                await new DeployStep(context, new DeploymentTargets(ServeCommand(), Environment.GetEnvironmentVariable, context.Host.SetSecret))
                    .RunAsync(new DeployOptions(v.Config, DeployEnvironmentName(v), v.Model, v.Stop, v.Registry, v.Image, v.Package, v.Status), ct);
                return ExitCodes.Success;
            case RouteVerb v:
                await using (var router = await MlOps.Router.WeightedRouter.StartAsync(new MlOps.Router.RouterOptions(v.Host, v.Port, v.UrlFile), ct))
                {
                    context.Say($"routing {router.Addresses.Url} (admin {router.Addresses.AdminUrl}); SIGTERM stops");
                    await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                return ExitCodes.Success;
            case PackageVerb v:
                var package = await new PackageStep(context, registry => RegistryCredentials.For(registry, Environment.GetEnvironmentVariable, context.Host))
                    .RunAsync(new PackageOptions(v.Model, v.Output, PackageFormats.Parse(v.Format), v.Tag, v.App,
                    ConfigIfPresent(v.Config), v.Registry, v.Cache, SourceDateEpoch(), v.Validate, v.Data, TimeSpan.FromSeconds(v.ReadyTimeout), v.Push, v.NoPush), ct);
                return package.Validation is { Passed: false } ? ExitCodes.GateFailed : ExitCodes.Success;
            case LineageVerb v:
                await new LineageStep(context).RunAsync(new LineageOptions(v.Reference, v.Format, ConfigIfPresent(v.Config), v.Registry), ct);
                return ExitCodes.Success;
            case AuditVerb v:
                var audit = await new AuditStep(context).RunAsync(
                    new AuditOptions(v.Model, ParseSince(v.Since), v.Format, ConfigIfPresent(v.Config), v.Registry), ct);
                return audit.Intact ? ExitCodes.Success : ExitCodes.GateFailed; // a tampered trail is a verdict, like a failed gate
            case MetricsVerb v:
                var delivery = v.Kind == "delivery" ? await new DeliveryStep(context).RunAsync(
                    new DeliveryOptions(v.Model, v.Since, v.Alias, v.Env, v.Format, ConfigIfPresent(v.Config), v.Registry), ct)
                    : throw new InvalidInputException($"mlops metrics '{v.Kind}' is not a kind of metrics: expected 'delivery'");
                return delivery.Intact ? ExitCodes.Success : ExitCodes.GateFailed; // like audit: a tampered trail is a verdict
            case MonitorVerb v:
                var monitored = await new MonitorStep(context, v.Trigger ? RetrainTrigger(ConfigIfPresent(v.Config), context.Host) : null).RunAsync(
                    new MonitorOptions(v.Model, v.Log, v.Labels, v.Window, v.Output, ConfigIfPresent(v.Config), v.Registry, v.Trigger, v.SkipOtherVersions, v.Format), ct);
                return monitored.Retrain ? ExitCodes.GateFailed : ExitCodes.Success;
            case InitVerb v:
                new InitStep(context).Run(new InitOptions(v.Dir ?? ".", v.Host is null ? null : RepoHostNames.Parse(v.Host), v.Model, v.Data, v.Test, v.Label,
                    v.Task is null ? null : MlOps.Core.Modeling.ModelTaskNames.Parse(v.Task)
                        ?? throw new InvalidInputException($"--task '{v.Task}' is not a task: expected {string.Join(", ", MlOps.Core.Modeling.ModelTaskNames.All)}"),
                    v.Force));
                return ExitCodes.Success;
            default:
                throw new InvalidOperationException($"no step for {verb.GetType().Name}");
        }
    }

    /// <summary>The scoring server's key comes from the environment (a pipeline secret), never a flag, and is masked from then on.</summary>
    private static string? ApiKey(ICiHost host)
    {
        var key = Environment.GetEnvironmentVariable("MLOPS_API_KEY");
        if (string.IsNullOrEmpty(key)) return null;
        host.SetSecret(key);
        return key;
    }

    /// <summary>
    /// --trigger needs mlops.yml (where retrain.trigger lives); null when none is configured, which the step refuses
    /// (exit 2). Built before the log is read, so a trigger that cannot work (no token) fails before the analysis.
    /// </summary>
    private static MlOps.CiHosts.Retrain.IRetrainTrigger? RetrainTrigger(string? config, ICiHost host) =>
        config is null ? null : MlOps.CiHosts.Retrain.RetrainTriggers.Create(MlOps.Core.Config.ConfigLoader.Load(config).Retrain, Environment.GetEnvironmentVariable, host);

    private static MlOps.Steps.Compare.Online.TrafficMode? TrafficModeOf(string? mode) => mode?.ToLowerInvariant() switch
    {
        null => null,
        "split" => MlOps.Steps.Compare.Online.TrafficMode.Split,
        "mirror" => MlOps.Steps.Compare.Online.TrafficMode.Mirror,
        _ => throw new InvalidInputException($"--mode '{mode}' is not a traffic mode: expected split or mirror"),
    };

    /// <summary>SOURCE_DATE_EPOCH (reproducible-builds.org): the time a build stamps into its output instead of the clock.</summary>
    private static DateTimeOffset? SourceDateEpoch()
    {
        var value = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(value)) return null;
        return long.TryParse(value, out var seconds) && seconds >= 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new InvalidInputException($"SOURCE_DATE_EPOCH '{value}' is not a number of seconds since 1970-01-01");
    }

    /// <summary>Verbs whose config is optional use ./mlops.yml when it exists, like the verbs that require one.</summary>
    private static string? ConfigIfPresent(string? path) => path ?? (File.Exists("mlops.yml") ? "mlops.yml" : null);

    /// <summary>--since: a date (midnight UTC) or a date and time; without an offset the time is UTC.</summary>
    private static DateTimeOffset? ParseSince(string? since)
    {
        if (since is null) return null;
        return DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new InvalidInputException($"--since '{since}' is not a date: expected e.g. 2025-11-01 or 2025-11-01T12:00:00Z");
    }

    private static Dictionary<string, string> ParseTags(IEnumerable<string> tags)
    {
        var result = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            var eq = tag.IndexOf('=');
            if (eq <= 0) throw new InvalidInputException($"--tag '{tag}' must be KEY=VALUE");
            result[tag[..eq]] = tag[(eq + 1)..];
        }
        return result;
    }

    /// <summary>How to start this same mlops again for a background server: as the apphost, or via dotnet + dll.</summary>
    private static string DeployEnvironmentName(DeployVerb v) => (v.Env, v.Environment) switch
    {
        (null, null) => throw new InvalidInputException("mlops deploy needs --env NAME (or --environment NAME): an environment under deploy: in mlops.yml"),
        ({ } a, { } b) when a != b => throw new InvalidInputException($"--env {a} and --environment {b} disagree; pass one of them"),
        var (a, b) => a ?? b!,
    };

    private static IReadOnlyList<string> ServeCommand()
    {
        var process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, typeof(CliApp).Assembly.Location]
            : [process];
    }

    private static int ReportParseErrors(NotParsed<object> result, TextWriter stdout, TextWriter stderr)
    {
        var help = HelpText.AutoBuild(result, h =>
        {
            h.Heading = "mlops — continuous delivery for machine-learning models";
            h.Copyright = "exit codes: 0 ok · 1 quality gate failed · 2 invalid input · 3 external failure · 4 internal error";
            h.AddDashesToOption = true;
            return HelpText.DefaultParsingErrorsHandler(result, h); // "ERROR(S): Option 'port' is defined with a bad format."
        }, e => e, verbsIndex: true);
        var asked = result.Errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError);
        (asked ? stdout : stderr).WriteLine(help);
        return asked ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
