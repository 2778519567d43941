using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Deployment;
using MlOps.Deployment.Rollout;
using MlOps.Steps.Common;

namespace MlOps.Steps.Deploy;

/// <summary>
/// Deploys a registered model to an environment of mlops.yml's deploy section with the target it chose, reports on it,
/// or stops it. Without a deploy section every environment runs locally (the server as a process on loopback).
/// </summary>
public sealed class DeployStep(StepContext context, IDeploymentTargets targets)
{
    private readonly Audit.DeployAuditRecorder _audit = new(context);

    public async Task<DeploymentState?> RunAsync(DeployOptions options, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var env = Environment(config, options);
        var target = targets.Create(env, Path.Combine(config.Directory, ".mlops", "deploy"));
        if (options.Status) return await ReportAsync(target, env, ct);
        if (options.Stop) return await StopAsync(config, options, target, env, ct);

        var package = options.PackageDirectory is { } dir ? PackagedImage.Read(dir) : null;
        var image = options.Image ?? package?.Image;
        if (target.NeedsImage && image is null)
            throw new InvalidInputException($"deploy.{env.Name} has target {env.Target}, which runs a container image: pass --image REGISTRY/NAME:TAG " +
                                            "or --package DIR (the --output folder of 'mlops package')");
        var reference = options.ModelReference ?? package?.ModelReference ?? $"{config.Model.Name}@production";
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        var model = await ResolvedModel.ResolveAsync(reference, registry, ct);
        context.Host.SetProgress(10, $"starting {reference} in {env.Name} ({env.Target})");
        var request = new DeploymentRequest(env.Name, model.RegistryVersion ?? reference, model.Path, env.Host, env.Port)
        {
            Image = target.NeedsImage ? image : null,
            RunUrl = context.Host.Run.RunUrl,
            // Read only where it is sent: building it opens the test data and the model's card.
            SampleBody = env.Rollout.IsCanary || target.SendsSampleRow ? SmokeSample.From(config, model.Path) : null,
        };
        var (state, rollout) = CanaryTarget(env, target) is { } split && await target.StatusAsync(env.Name, ct) is { Ready: true } live
            ? (await CanaryAsync(config, env, split, request, registry, live.State, ct), RolloutSettings.Canary)
            : (await DeployDirectlyAsync(config, env, target, request, registry, ct), null);
        await _audit.DeployedAsync(registry, config.Model.Name, model, state, env.Target, ct, rollout);
        context.Host.SetOutput("url", state.Url);
        context.Say($"deployed {state.ModelReference} to {env.Name} ({env.Target}) at {state.Url}");
        if (state.ProcessId > 0) context.Say($"  pid {state.ProcessId}, log {state.LogFile}");
        if (state.Image is not null) context.Say($"  image {state.Image}" + (state.ResourceId is null ? "" : $", {state.ResourceId}"));
        context.Say($"  stop with: mlops deploy --config {options.ConfigPath} --env {env.Name} --stop");
        context.Out.WriteLine(state.Url);
        return state;
    }

    /// <summary>The target as one that splits traffic when the environment's rollout is a canary; null for all-at-once.</summary>
    private static ITrafficSplitTarget? CanaryTarget(DeployEnvironment env, IDeploymentTarget target) =>
        !env.Rollout.IsCanary ? null
            : target as ITrafficSplitTarget ?? throw new InvalidInputException(
                $"deploy.{env.Name}.rollout is canary, but target {env.Target} cannot split traffic between versions; use strategy all-at-once");

    private async Task<DeploymentState> DeployDirectlyAsync(MlOpsConfig config, DeployEnvironment env, IDeploymentTarget target, DeploymentRequest request,
        MlOps.Registry.IModelRegistry registry, CancellationToken ct)
    {
        if (env.Rollout.IsCanary)
            context.Say($"nothing live in {env.Name}: deploying {request.ModelReference} directly (a canary needs a live version beside it)");
        try
        {
            return await target.DeployAsync(request, ct);
        }
        // A target that rolled its own update back (aks) leaves the same trace as a rolled-back canary.
        catch (RolloutFailedException failed) when (failed.Restored is not null)
        {
            await _audit.RolloutAsync(registry, config.Model.Name,
                new RolloutEvent(RolloutEventKind.RolledBack, env.Name, request.ModelReference, 0, failed.Message.Split('\n')[0], new Dictionary<string, string>()),
                failed.Restored, ct, strategy: "rolling-update");
            throw;
        }
    }

    /// <summary>A rolled-back canary is a verdict on the new version (exit 1), like a failed gate; the live version keeps serving.</summary>
    private async Task<DeploymentState> CanaryAsync(MlOpsConfig config, DeployEnvironment env, ITrafficSplitTarget target, DeploymentRequest request,
        MlOps.Registry.IModelRegistry registry, DeploymentState live, CancellationToken ct)
    {
        var rollout = new CanaryRollout(target, env.Rollout, request.SampleBody, context.Say,
            (e, c) => _audit.RolloutAsync(registry, config.Model.Name, e, live.ModelReference, c));
        var outcome = await rollout.RunAsync(request, ct);
        if (outcome.Promoted) return outcome.State!;
        context.Host.SetOutput("url", live.Url);
        throw new MlOpsException(ExitCodes.GateFailed,
            $"canary of {request.ModelReference} in {env.Name} was rolled back; {live.ModelReference} still serves {live.Url}. Reason: {outcome.Reason}");
    }

    /// <summary>The environment asked for; an unknown name lists the configured ones (a typo must not deploy elsewhere).</summary>
    private static DeployEnvironment Environment(MlOpsConfig config, DeployOptions options)
    {
        if (config.Deploy.Count == 0) return DeployEnvironment.LocalDefault(options.Environment);
        return config.Deploy.TryGetValue(options.Environment, out var env) ? env
            : throw new InvalidInputException(
                $"{options.ConfigPath}: no deploy environment '{options.Environment}'; deploy has: {string.Join(", ", config.Deploy.Keys)}");
    }

    private async Task<DeploymentState?> StopAsync(MlOpsConfig config, DeployOptions options, IDeploymentTarget target, DeployEnvironment env, CancellationToken ct)
    {
        var stopped = await target.StopAsync(env.Name, ct);
        if (stopped is not null)
            await _audit.UndeployedAsync(RegistryLocator.Open(config, options.RegistryPath), config.Model.Name, stopped, ct);
        context.Say(stopped is null ? $"nothing is deployed to {env.Name} ({env.Target})"
            : $"stopped {stopped.ModelReference} at {stopped.Url} ({(stopped.ProcessId > 0 ? $"pid {stopped.ProcessId}" : stopped.ResourceId ?? env.Target)})");
        return stopped;
    }

    private async Task<DeploymentState?> ReportAsync(IDeploymentTarget target, DeployEnvironment env, CancellationToken ct)
    {
        var status = await target.StatusAsync(env.Name, ct);
        context.Say(status is null ? $"nothing is deployed to {env.Name} ({env.Target})"
            : $"{env.Name} ({env.Target}): {status.State.ModelReference} at {status.State.Url}: {(status.Ready ? "ready" : "not ready")} ({status.Detail})");
        if (status is not null) context.Host.SetOutput("url", status.State.Url);
        return status?.State;
    }
}
