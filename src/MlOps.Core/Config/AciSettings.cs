namespace MlOps.Core.Config;

/// <summary>
/// <c>deploy.ENV</c> with <c>target: aci</c>: one Azure Container Instances container group running the packaged image.
/// Secrets are never written in mlops.yml: <see cref="SecureEnv"/> and the registry password name environment variables
/// of the CI job that hold them.
/// </summary>
/// <param name="ContainerGroup">The container group's name (default MODEL-ENV); also the container's name.</param>
/// <param name="DnsLabel">The public DNS label: the endpoint is http://LABEL.LOCATION.azurecontainer.io:8080.</param>
/// <param name="Env">Plain environment variables of the container.</param>
/// <param name="SecureEnv">Container variable → name of the CI environment variable holding its secret value.</param>
public sealed record AciSettings(
    string Subscription,
    string ResourceGroup,
    string Location,
    string ContainerGroup,
    string DnsLabel,
    double Cpu,
    double MemoryGb,
    AciRegistryCredential? Registry,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> SecureEnv,
    TimeSpan Timeout,
    string? ArmEndpoint = null);

/// <summary>
/// How ACI pulls from a private registry: a user name and password read from the named environment variables, or a
/// user-assigned managed identity (resource id) that has AcrPull on the registry.
/// </summary>
public sealed record AciRegistryCredential(string Server, string? UsernameEnv, string? PasswordEnv, string? Identity);
