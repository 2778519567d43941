namespace MlOps.Deployment;

/// <summary>Where a deployment answers and what serves it.</summary>
/// <param name="ProcessId">The server's process (local target); 0 for cloud targets.</param>
/// <param name="LogFile">The server's log file (local target); empty for cloud targets, whose logs come from the service.</param>
public sealed record DeploymentState(string Environment, string Target, string Url, string ModelReference, int ProcessId,
    string LogFile, DateTimeOffset StartedAt)
{
    /// <summary>The container image that runs, for container targets.</summary>
    public string? Image { get; init; }

    /// <summary>The cloud resource that serves it (an ARM id), for cloud targets.</summary>
    public string? ResourceId { get; init; }
}
