using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aks;

/// <summary>
/// The objects of one aks environment in the cluster: read, created or replaced from the settings (a server-side get,
/// then create or replace with the read resourceVersion, so a concurrent change is a 409 and not lost), and deleted.
/// </summary>
public sealed class AksObjects(IKubernetes client, AksErrors errors, AksSettings settings)
{
    public const string Deployment = "Deployment";
    public const string Service = "Service";
    public const string Autoscaler = "HorizontalPodAutoscaler";
    public const string DisruptionBudget = "PodDisruptionBudget";
    public const string Secret = "Secret";

    /// <summary>Every kind mlops creates, in the order they are deleted (the pods first, their Secret last).</summary>
    public static readonly string[] All = [Deployment, Service, Autoscaler, DisruptionBudget, Secret];

    private string Name => settings.Name;

    private string Namespace => settings.Namespace;

    public Task<V1Deployment?> ReadDeploymentAsync(CancellationToken ct) =>
        errors.GetOrNullAsync("deployments.apps", Name, () => client.AppsV1.ReadNamespacedDeploymentAsync(Name, Namespace, cancellationToken: ct));

    public Task<V1Service?> ReadServiceAsync(CancellationToken ct) =>
        errors.GetOrNullAsync("services", Name, () => client.CoreV1.ReadNamespacedServiceAsync(Name, Namespace, cancellationToken: ct));

    /// <summary>Creates or replaces every object the settings ask for; returns the kinds that did not exist before.</summary>
    /// <param name="before">The Deployment as it was (null on a first deploy).</param>
    public async Task<IReadOnlyList<string>> ApplyAsync(string environment, string modelReference, string image, string? runUrl,
        IReadOnlyDictionary<string, string> secrets, V1Deployment? before, CancellationToken ct)
    {
        var created = new List<string>();
        if (settings.SecureEnv.Count > 0
            && await CreateOrReplaceAsync("secrets", SecretName, AksManifests.Secret(settings, environment, secrets),
                () => client.CoreV1.ReadNamespacedSecretAsync(SecretName, Namespace, cancellationToken: ct),
                s => client.CoreV1.CreateNamespacedSecretAsync(s, Namespace, cancellationToken: ct),
                (_, s) => client.CoreV1.ReplaceNamespacedSecretAsync(s, SecretName, Namespace, cancellationToken: ct)))
            created.Add(Secret);

        var deployment = AksManifests.Deployment(settings, environment, modelReference, image, runUrl);
        if (before is null)
        {
            await errors.GuardAsync("create", "deployments.apps", Name, () => client.AppsV1.CreateNamespacedDeploymentAsync(deployment, Namespace, cancellationToken: ct));
            created.Add(Deployment);
        }
        else
        {
            deployment.Metadata.ResourceVersion = before.Metadata.ResourceVersion;
            // The autoscaler owns the count: resetting it to min on every deploy would drop capacity under load.
            if (settings.Autoscale is not null) deployment.Spec.Replicas = before.Spec.Replicas;
            await errors.GuardAsync("update", "deployments.apps", Name, () => client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, Name, Namespace, cancellationToken: ct));
        }

        if (await CreateOrReplaceAsync("services", Name, AksManifests.Service(settings, environment),
                () => client.CoreV1.ReadNamespacedServiceAsync(Name, Namespace, cancellationToken: ct),
                s => client.CoreV1.CreateNamespacedServiceAsync(s, Namespace, cancellationToken: ct),
                (current, s) =>
                {
                    // Allocated by the cluster and immutable: a replace must carry them as they are.
                    s.Spec.ClusterIP = current.Spec.ClusterIP;
                    s.Spec.ClusterIPs = current.Spec.ClusterIPs;
                    foreach (var port in s.Spec.Ports)
                        port.NodePort = current.Spec.Ports?.FirstOrDefault(p => p.Name == port.Name)?.NodePort;
                    return client.CoreV1.ReplaceNamespacedServiceAsync(s, Name, Namespace, cancellationToken: ct);
                }))
            created.Add(Service);

        if (settings.Autoscale is { } autoscale)
        {
            if (await CreateOrReplaceAsync("horizontalpodautoscalers.autoscaling", Name, AksManifests.Autoscaler(settings, environment, autoscale),
                    () => client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(Name, Namespace, cancellationToken: ct),
                    h => client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(h, Namespace, cancellationToken: ct),
                    (_, h) => client.AutoscalingV2.ReplaceNamespacedHorizontalPodAutoscalerAsync(h, Name, Namespace, cancellationToken: ct)))
                created.Add(Autoscaler);
        }
        else await DeleteAsync([Autoscaler], ct); // autoscale removed from mlops.yml: a left-over autoscaler would override replicas

        if (settings.PdbMinAvailable is { } minAvailable)
        {
            if (await CreateOrReplaceAsync("poddisruptionbudgets.policy", Name, AksManifests.DisruptionBudget(settings, environment, minAvailable),
                    () => client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync(Name, Namespace, cancellationToken: ct),
                    p => client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(p, Namespace, cancellationToken: ct),
                    (_, p) => client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetAsync(p, Name, Namespace, cancellationToken: ct)))
                created.Add(DisruptionBudget);
        }
        else await DeleteAsync([DisruptionBudget], ct);
        return created;
    }

    /// <summary>Deletes the given kinds; returns "Kind/name" of each that existed.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(IEnumerable<string> kinds, CancellationToken ct)
    {
        var deleted = new List<string>();
        foreach (var kind in kinds)
        {
            var (resource, name, delete) = Deleter(kind, ct);
            try
            {
                await errors.GuardAsync("delete", resource, name, delete);
                deleted.Add($"{kind}/{name}");
            }
            catch (MlOpsException e) when (e.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
            {
            }
        }
        return deleted;
    }

    private string SecretName => AksManifests.SecretName(settings);

    private (string Resource, string Name, Func<Task> Delete) Deleter(string kind, CancellationToken ct) => kind switch
    {
        Deployment => ("deployments.apps", Name, () => client.AppsV1.DeleteNamespacedDeploymentAsync(Name, Namespace, cancellationToken: ct)),
        Service => ("services", Name, () => client.CoreV1.DeleteNamespacedServiceAsync(Name, Namespace, cancellationToken: ct)),
        Autoscaler => ("horizontalpodautoscalers.autoscaling", Name,
            () => client.AutoscalingV2.DeleteNamespacedHorizontalPodAutoscalerAsync(Name, Namespace, cancellationToken: ct)),
        DisruptionBudget => ("poddisruptionbudgets.policy", Name,
            () => client.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync(Name, Namespace, cancellationToken: ct)),
        Secret => ("secrets", SecretName, () => client.CoreV1.DeleteNamespacedSecretAsync(SecretName, Namespace, cancellationToken: ct)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an object mlops creates"),
    };

    /// <summary>True when the object was created, false when an existing one was replaced.</summary>
    private async Task<bool> CreateOrReplaceAsync<T>(string resource, string name, T desired, Func<Task<T>> get, Func<T, Task<T>> create,
        Func<T, T, Task<T>> replace) where T : class, IMetadata<V1ObjectMeta>
    {
        var current = await errors.GetOrNullAsync(resource, name, get);
        if (current is null)
        {
            await errors.GuardAsync("create", resource, name, () => create(desired));
            return true;
        }
        desired.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
        await errors.GuardAsync("update", resource, name, () => replace(current, desired));
        return false;
    }
}
