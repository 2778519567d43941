using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Deployment;
using MlOps.Deployment.Local;
using MlOps.Steps.Common;

namespace MlOps.Steps.Deploy;

/// <param name="ModelReference">Default: NAME@production.</param>
/// <param name="ServeCommand">How to start this mlops (the CLI knows whether it runs as an apphost or through dotnet).</param>
public sealed record DeployOptions(string ConfigPath, string Environment, IReadOnlyList<string> ServeCommand,
    string? ModelReference = null, bool Stop = false, string? RegistryPath = null);

/// <summary>Deploys a registered model to an environment of mlops.yml's deploy section, or stops it.</summary>
public sealed class DeployStep(StepContext context)
{
    public async Task<DeploymentState?> RunAsync(DeployOptions options, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var env = config.Deploy.TryGetValue(options.Environment, out var e) ? e
            : throw new InvalidInputException(
                $"{options.ConfigPath}: no deploy environment '{options.Environment}' (deploy has: {(config.Deploy.Count == 0 ? "none" : string.Join(", ", config.Deploy.Keys))})");
        var target = new LocalProcessTarget(Path.Combine(config.Directory, ".mlops", "deploy"), options.ServeCommand);

        if (options.Stop)
        {
            var stopped = await target.StopAsync(env.Name, ct);
            if (stopped is not null)
                await new Audit.DeployAuditRecorder(context).UndeployedAsync(RegistryLocator.Open(config, options.RegistryPath), config.Model.Name, stopped, ct);
            context.Say(stopped is null ? $"nothing is deployed to {env.Name}" : $"stopped {stopped.ModelReference} at {stopped.Url} (pid {stopped.ProcessId})");
            return stopped;
        }

        var reference = options.ModelReference ?? $"{config.Model.Name}@production";
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        var model = await ResolvedModel.ResolveAsync(reference, registry, ct);
        context.Host.SetProgress(10, $"starting {reference} in {env.Name}");
        var state = await target.DeployAsync(
            new DeploymentRequest(env.Name, model.RegistryVersion ?? reference, model.Path, env.Host, env.Port), ct);
        await new Audit.DeployAuditRecorder(context).DeployedAsync(registry, config.Model.Name, model, state, env.Target, ct);
        context.Host.SetOutput("url", state.Url);
        context.Say($"deployed {state.ModelReference} to {env.Name} ({env.Target}) at {state.Url}");
        context.Say($"  pid {state.ProcessId}, log {state.LogFile}");
        context.Say($"  stop with: mlops deploy --config {options.ConfigPath} --env {env.Name} --stop");
        context.Out.WriteLine(state.Url);
        return state;
    }
}
