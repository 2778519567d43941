using k8s;
using k8s.Models;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aks;

/// <summary>
/// The <c>aks</c> target, for any Kubernetes cluster. Deploy creates or replaces the Deployment, Service, autoscaler,
/// disruption budget (and the Secret of secure-env), waits for the rollout as kubectl rollout status does, and smoke-tests
/// /health/ready through the API server's service proxy. A rollout that fails is rolled back to the previous revision
/// (exit 1, with the failing pods' states and logs); on a first deploy there is nothing to go back to, so what was
/// created is deleted.
/// </summary>
/// <param name="connect">Opens the client when first needed (a missing kubeconfig must not break --status of another env).</param>
/// <param name="secureEnv">Container variable → secret value; read only when deploying.</param>
public sealed class AksTarget(AksSettings settings, Func<AksConnection> connect, Func<IReadOnlyDictionary<string, string>> secureEnv,
    TimeSpan? pollInterval = null, TimeProvider? clock = null) : IDeploymentTarget
{
    private const int LogTail = 30;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TimeSpan _poll = pollInterval ?? TimeSpan.FromSeconds(2);
    private AksConnection? _connection;

    public string Kind => "aks";

    public bool NeedsImage => true;

    private AksConnection Connection => _connection ??= connect();

    private IKubernetes Client => Connection.Client;

    private string Name => settings.Name;

    private string Namespace => settings.Namespace;

    public string ResourceId => $"/apis/apps/v1/namespaces/{Namespace}/deployments/{Name}";

    public async Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        var image = request.Image is { Length: > 0 } i ? i
            : throw new InvalidInputException("target aks runs a container image: pass --image REGISTRY/NAME:TAG or --package DIR (the output folder of 'mlops package')");
        var env = request.Environment;
        var errors = Errors(env);
        var deadline = _clock.GetUtcNow() + settings.Timeout;
        var secrets = secureEnv();
        var objects = new AksObjects(Client, errors, settings);
        var before = await objects.ReadDeploymentAsync(cancellationToken);
        var created = await objects.ApplyAsync(env, request.ModelReference, image, request.RunUrl, secrets, before, cancellationToken);

        var rollout = await WaitForRolloutAsync(errors, env, deadline, cancellationToken);
        var failure = rollout.Done ? await SmokeTestAsync(errors, deadline, cancellationToken) : rollout.Message;
        if (failure is not null)
            throw await FailedAsync(errors, objects, request, before, created, failure, cancellationToken);
        var deployment = await objects.ReadDeploymentAsync(cancellationToken);
        return State(env, deployment!, await objects.ReadServiceAsync(cancellationToken));
    }

    public async Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default)
    {
        var objects = new AksObjects(Client, Errors(environment), settings);
        var deployment = await objects.ReadDeploymentAsync(cancellationToken);
        if (deployment is null) return null;
        var rollout = AksRolloutStatus.Of(deployment);
        var status = deployment.Status;
        var detail = $"revision {AksLabels.RevisionOf(deployment.Metadata.Annotations)}, {status?.ReadyReplicas ?? 0}/{deployment.Spec.Replicas} ready; {rollout.Message}";
        return new DeploymentStatus(State(environment, deployment, await objects.ReadServiceAsync(cancellationToken)),
            rollout.Done && (status?.AvailableReplicas ?? 0) > 0, detail);
    }

    public Task<string> LogsAsync(string environment, int tail = 50, CancellationToken cancellationToken = default) =>
        new AksPodReport(Client, Errors(environment), settings).LogsAsync(tail, cancellationToken);

    public async Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default)
    {
        var objects = new AksObjects(Client, Errors(environment), settings);
        var deployment = await objects.ReadDeploymentAsync(cancellationToken);
        var service = await objects.ReadServiceAsync(cancellationToken);
        var deleted = await objects.DeleteAsync(AksObjects.All, cancellationToken);
        if (deleted.Count == 0) return null;
        return deployment is null
            ? new DeploymentState(environment, Kind, "", "?", 0, "", _clock.GetUtcNow()) { ResourceId = ResourceId }
            : State(environment, deployment, service);
    }

    private AksErrors Errors(string environment) => new(settings, environment, Connection.Credential);

    private async Task<AksRolloutStatus> WaitForRolloutAsync(AksErrors errors, string environment, DateTimeOffset deadline, CancellationToken ct)
    {
        var objects = new AksObjects(Client, errors, settings);
        while (true)
        {
            var deployment = await objects.ReadDeploymentAsync(ct)
                ?? throw new ExternalFailureException($"Deployment '{Name}' in namespace '{Namespace}' disappeared during the rollout (deleted by someone else?)");
            var status = AksRolloutStatus.Of(deployment);
            if (status.Done || status.Failed) return status;
            if (_clock.GetUtcNow() >= deadline)
                return status with
                {
                    Failed = true,
                    Message = $"the rollout did not finish within {Minutes(settings.Timeout)} (deploy.{environment}.timeout-minutes); last: {status.Message}",
                };
            await Task.Delay(_poll, _clock, ct);
        }
    }

    /// <summary>
    /// GET /health/ready through the API server's service proxy: it needs no public address, so it works for ClusterIP
    /// services and from a CI agent outside the cluster. Null when it answered 200; retried until the deadline.
    /// </summary>
    private async Task<string?> SmokeTestAsync(AksErrors errors, DateTimeOffset deadline, CancellationToken ct)
    {
        var path = $"/api/v1/namespaces/{Namespace}/services/{Name}:{settings.Port}/proxy/health/ready";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var answer = await errors.GuardAsync("get", "services/proxy", Name, () =>
                    Client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync($"{Name}:{settings.Port}", Namespace, "health/ready", cancellationToken: ct));
                return null;
            }
            catch (MlOpsException e) when (e.InnerException is k8s.Autorest.HttpOperationException { Response.StatusCode: not (System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden) } http)
            {
                // Three tries at least: the endpoints of a just-ready pod reach the proxy a moment after the rollout ends.
                if (attempt >= 3 && _clock.GetUtcNow() >= deadline)
                    return $"the smoke test GET {path} answered {(int)http.Response.StatusCode}: {http.Response.Content?.Trim()}";
            }
            await Task.Delay(_poll, _clock, ct);
        }
    }

    /// <summary>Rolls back (or, on a first deploy, deletes what was created) and returns the error that says so and why.</summary>
    private async Task<MlOpsException> FailedAsync(AksErrors errors, AksObjects objects, DeploymentRequest request, V1Deployment? before,
        IReadOnlyList<string> created, string reason, CancellationToken ct)
    {
        var env = request.Environment;
        var what = $"rollout of {request.ModelReference} to {env} (Deployment '{Name}' in namespace '{Namespace}') failed: {reason}";
        var revisions = new AksRevisions(Client, errors, settings);
        var deployment = await objects.ReadDeploymentAsync(ct);
        var failed = deployment is null ? null : await revisions.CurrentAsync(deployment, ct);
        // Read before the rollback: its pods are deleted when the old revision takes over.
        var pods = await new AksPodReport(Client, errors, settings).DescribeAsync(AksLabels.Get(failed?.Metadata.Labels, AksLabels.PodTemplateHash), LogTail, ct);

        if (before is null || deployment is null)
        {
            var deleted = await objects.DeleteAsync(AksObjects.All.Where(created.Contains), ct);
            return new RolloutFailedException($"{what}\n{pods}Nothing ran in {env} before, so mlops deleted what it created: {string.Join(", ", deleted)}.");
        }
        if (AksLabels.RevisionOf(deployment.Metadata.Annotations) <= AksLabels.RevisionOf(before.Metadata.Annotations))
            return new RolloutFailedException($"{what}\n{pods}The deploy changed no pod template (the same version and settings run already), so there is " +
                                              $"no newer revision to take back; see kubectl -n {Namespace} describe deployment/{Name}.");
        var undo = await revisions.UndoAsync(deployment, ct);
        if (undo is not { } previous)
            return new RolloutFailedException($"{what}\n{pods}No earlier revision is kept to roll back to; the failed version is left in place. " +
                                              $"Remove it with: mlops deploy --env {env} --stop");
        var back = await WaitForRolloutAsync(errors, env, _clock.GetUtcNow() + settings.Timeout, ct);
        if (!back.Done)
            return new ExternalFailureException($"{what}\n{pods}The rollback to revision {previous.Revision} ({previous.Model ?? "?"}) did not finish either: " +
                                                $"{back.Message}. Check the cluster: kubectl -n {Namespace} rollout status deployment/{Name}");
        return new RolloutFailedException($"{what}; rolled back to revision {previous.Revision} ({previous.Model ?? "?"}), which serves again.\n{pods}")
        {
            Restored = previous.Model,
        };
    }

    private DeploymentState State(string environment, V1Deployment deployment, V1Service? service) =>
        new(environment, Kind, Url(service), AksLabels.Get(deployment.Metadata.Annotations, AksLabels.ModelReference) ?? "?", 0, "", _clock.GetUtcNow())
        {
            Image = deployment.Spec.Template.Spec.Containers.FirstOrDefault()?.Image,
            ResourceId = ResourceId,
        };

    /// <summary>A load balancer's address when there is one, else the in-cluster name (ClusterIP services answer only there).</summary>
    private string Url(V1Service? service)
    {
        var ingress = service?.Status?.LoadBalancer?.Ingress?.FirstOrDefault();
        var host = ingress?.Ip ?? ingress?.Hostname ?? $"{Name}.{Namespace}.svc.cluster.local";
        return $"http://{host}:{settings.Port}";
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0.#} s";
}
