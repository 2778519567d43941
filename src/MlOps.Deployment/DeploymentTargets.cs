using MlOps.Azure;
using MlOps.Azure.Identity;
using MlOps.Core.Config;
using MlOps.Deployment.Aci;
using MlOps.Deployment.AzureMlEndpoint;
using MlOps.Deployment.Aks;
using MlOps.Deployment.Local;

namespace MlOps.Deployment;

/// <summary>
/// The real targets. Credentials and secrets come from the environment variables of the CI job (<paramref name="getEnv"/>),
/// and every secret read is handed to <paramref name="mask"/> (the CI host's SetSecret) before anything can print it.
/// </summary>
/// <param name="serveCommand">How to start this mlops (the CLI knows whether it runs as an apphost or through dotnet).</param>
public sealed class DeploymentTargets(IReadOnlyList<string> serveCommand, Func<string, string?> getEnv, Action<string> mask) : IDeploymentTargets
{
    public IDeploymentTarget Create(DeployEnvironment environment, string stateDirectory) => environment.Target switch
    {
        "aci" when environment.Aci is { } aci => new AciTarget(aci,
            new ArmPipeline(AzureCredentialFactory.Create(getEnv), AciTarget.Options(AzureMlClientOptions.FromEnvironment(getEnv, aci.ArmEndpoint))),
            () => AciSecrets.Read(environment.Name, aci, getEnv, mask),
            AzureCredentialFactory.Describe(getEnv)),
        "azureml-endpoint" when environment.AzureMlEndpoint is { } aml => new AzureMlEndpointTarget(aml,
            new ArmPipeline(AzureCredentialFactory.Create(getEnv), AzureMlClientOptions.FromEnvironment(getEnv, aml.ArmEndpoint)),
            AzureCredentialFactory.Describe(getEnv), mask),
        "aks" when environment.Aks is { } aks => new AksTarget(aks,
            () => AksConnection.Open(environment.Name, aks, getEnv, () => AzureCredentialFactory.Create(getEnv), () => AzureCredentialFactory.Describe(getEnv)),
            () => SecretVariables.Read(environment.Name, aks.SecureEnv, getEnv, mask)),
        "local" => new LocalProcessTarget(stateDirectory, serveCommand, environment.Rollout.ReadyTimeout),
        var other => throw new InvalidOperationException($"no deployment target '{other}'"),
    };
}
