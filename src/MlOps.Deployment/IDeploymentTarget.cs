namespace MlOps.Deployment;

/// <summary>A model to put behind an endpoint in one environment (test, production...).</summary>
public sealed record DeploymentRequest(string Environment, string ModelReference, string ModelPath, string Host, int Port);

/// <summary>Where a deployment answers and what serves it.</summary>
public sealed record DeploymentState(string Environment, string Target, string Url, string ModelReference, int ProcessId,
    string LogFile, DateTimeOffset StartedAt);

public interface IDeploymentTarget
{
    Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ends the environment's deployment; returns what was stopped, or null when nothing was running.</summary>
    Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default);
}
