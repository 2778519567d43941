using MlOps.Core.Config;
using MlOps.Deployment;

namespace MlOps.Steps.Tests.Deploy;

/// <summary>A container target that remembers what it was asked and answers like the aci target does.</summary>
internal sealed class RecordingTarget : IDeploymentTarget, IDeploymentTargets
{
    public const string Url = "http://m-test.westeurope.azurecontainer.io:8080";
    public const string Resource = "/subscriptions/s/resourceGroups/ml-test/providers/Microsoft.ContainerInstance/containerGroups/m-test";
    private DeploymentState? _running;

    public List<DeployEnvironment> Created { get; } = [];
    public List<DeploymentRequest> Deployed { get; } = [];

    public string Kind => "aci";
    public bool NeedsImage => true;
    public bool SendsSampleRow { get; set; }

    public IDeploymentTarget Create(DeployEnvironment environment, string stateDirectory)
    {
        Created.Add(environment);
        return this;
    }

    public Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        Deployed.Add(request);
        _running = new DeploymentState(request.Environment, Kind, Url, request.ModelReference, 0, "", DateTimeOffset.UtcNow)
        {
            Image = request.Image,
            ResourceId = Resource,
        };
        return Task.FromResult(_running);
    }

    public Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default) =>
        Task.FromResult(_running is null ? null : new DeploymentStatus(_running, true, "provisioningState Succeeded, state Running"));

    public Task<string> LogsAsync(string environment, int tail = 50, CancellationToken cancellationToken = default) => Task.FromResult("");

    public Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default)
    {
        var stopped = _running;
        _running = null;
        return Task.FromResult(stopped);
    }
}
