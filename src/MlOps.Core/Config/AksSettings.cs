namespace MlOps.Core.Config;

/// <summary>
/// <c>deploy.ENV</c> with <c>target: aks</c>: a Deployment, a Service and optionally a HorizontalPodAutoscaler and a
/// PodDisruptionBudget in one namespace of any Kubernetes cluster (AKS or another). Secrets are never written in
/// mlops.yml: <see cref="SecureEnv"/> names environment variables of the CI job that hold them.
/// </summary>
/// <param name="Name">The name of all four objects (default MODEL-ENV).</param>
/// <param name="Replicas">Pods when there is no autoscaler (the autoscaler owns the count otherwise).</param>
/// <param name="Port">The Service's port; the container always listens on 8080.</param>
/// <param name="ServiceType">ClusterIP, NodePort or LoadBalancer.</param>
/// <param name="ImagePullSecret">An existing docker-registry Secret of the namespace used to pull the image.</param>
/// <param name="SecureEnv">Container variable → name of the CI environment variable holding its secret value.</param>
/// <param name="Timeout">How long the rollout (and the rollback) may take before it counts as failed.</param>
public sealed record AksSettings(
    string Namespace,
    string Name,
    int Replicas,
    AksResources Requests,
    AksResources Limits,
    AksAutoscale? Autoscale,
    int? PdbMinAvailable,
    int ProgressDeadlineSeconds,
    TimeSpan Timeout,
    int Port,
    string ServiceType,
    string? ImagePullSecret,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> SecureEnv,
    AksCredentials Credentials);

/// <summary>Kubernetes quantities (e.g. cpu 500m, memory 512Mi); null leaves the value unset.</summary>
public sealed record AksResources(string? Cpu, string? Memory);

/// <summary>An autoscaling/v2 HorizontalPodAutoscaler on average CPU utilisation.</summary>
public sealed record AksAutoscale(int Min, int Max, int CpuPercent);

/// <summary>
/// How mlops reaches the cluster: a kubeconfig file (<see cref="Kubeconfig"/>, else the KUBECONFIG variable, else
/// ~/.kube/config) with an optional context, or an AKS API <see cref="Server"/> with Microsoft Entra ID (AAD)
/// integration, called with an Azure.Identity token for the AKS AAD server application.
/// </summary>
/// <param name="CertificateAuthority">PEM file of the server's CA (AKS: the cluster CA), for <see cref="Server"/>.</param>
public sealed record AksCredentials(string? Kubeconfig, string? Context, string? Server, string? CertificateAuthority)
{
    /// <summary>The scope of the AKS AAD server application, the same for every AKS cluster.</summary>
    public const string AadScope = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    public bool UsesAzureIdentity => Server is not null;
}
