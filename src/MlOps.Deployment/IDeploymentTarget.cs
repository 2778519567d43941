namespace MlOps.Deployment;

/// <summary>
/// Where an environment's model runs. Each target (local process, ACI container group, Azure ML online endpoint; AKS
/// later) knows how to start a version, report on it, show its logs and remove it; the deploy step adds
/// what is common (resolving the model, the audit trail, CI outputs).
/// </summary>
public interface IDeploymentTarget
{
    /// <summary>The name used in mlops.yml's <c>target:</c> (local, aci, azureml-endpoint...).</summary>
    string Kind { get; }

    /// <summary>True for targets that run a container image (the request's <see cref="DeploymentRequest.Image"/> is required).</summary>
    bool NeedsImage { get; }

    /// <summary>True for targets whose deploy scores <see cref="DeploymentRequest.SampleBody"/> once (a canary always does).</summary>
    bool SendsSampleRow => false;

    /// <summary>Starts the request's model and returns once it answers /health/ready; throws with what is left behind otherwise.</summary>
    Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>What runs in the environment and whether it is ready; null when nothing is deployed.</summary>
    Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="tail"/> lines the server wrote; empty when nothing is deployed.</summary>
    Task<string> LogsAsync(string environment, int tail = 50, CancellationToken cancellationToken = default);

    /// <summary>Ends the environment's deployment; returns what was stopped, or null when nothing was running.</summary>
    Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default);
}
