using k8s.Models;
using MlOps.Core.Config;

namespace MlOps.Deployment.Aks;

/// <summary>
/// The objects an aks environment is made of, generated from its settings: a Deployment running the scoring image on
/// port 8080 with liveness and readiness probes, a Service in front, and optionally a HorizontalPodAutoscaler
/// (autoscaling/v2), a PodDisruptionBudget and a Secret holding the secure environment variables.
/// </summary>
public static class AksManifests
{
    public const int ContainerPort = 8080;
    public const string Container = "scoring";

    /// <param name="version">The model's version, as a pod label: a new version makes a new ReplicaSet (revision).</param>
    public static V1Deployment Deployment(AksSettings settings, string environment, string modelReference, string image, string? runUrl)
    {
        var labels = Labels(settings, environment);
        labels[AksLabels.ModelVersion] = AksLabels.Value(modelReference);
        var annotations = new Dictionary<string, string>
        {
            [AksLabels.ModelReference] = modelReference,
            // kubectl rollout history shows it per revision: which model, and which CI run put it there.
            [AksLabels.ChangeCause] = $"mlops deploy {modelReference} ({image})" + (runUrl is null ? "" : $" by {runUrl}"),
        };
        if (runUrl is not null) annotations[AksLabels.RunUrl] = runUrl;
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = labels, Annotations = annotations },
            Spec = new V1DeploymentSpec
            {
                // With an autoscaler the count is its business; Apply keeps the live count on updates.
                Replicas = settings.Autoscale?.Min ?? settings.Replicas,
                Selector = new V1LabelSelector { MatchLabels = AksLabels.Selector(settings.Name) },
                ProgressDeadlineSeconds = settings.ProgressDeadlineSeconds,
                RevisionHistoryLimit = 5,
                // One extra pod at a time and none taken away before its successor is ready: the old version keeps serving.
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 0 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels, Annotations = new Dictionary<string, string> { [AksLabels.ModelReference] = modelReference } },
                    Spec = PodSpec(settings, image),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(AksSettings settings, string image) => new()
    {
        Containers =
        [
            new V1Container
            {
                Name = Container,
                Image = image,
                Ports = [new V1ContainerPort { Name = "http", ContainerPort = ContainerPort, Protocol = "TCP" }],
                Env = Variables(settings),
                Resources = new V1ResourceRequirements { Requests = Quantities(settings.Requests), Limits = Quantities(settings.Limits) },
                // Liveness restarts a hung server; readiness keeps traffic away until the model is loaded.
                LivenessProbe = Probe("/health/live", initialDelay: 10, period: 10),
                ReadinessProbe = Probe("/health/ready", initialDelay: 5, period: 5),
            },
        ],
        ImagePullSecrets = settings.ImagePullSecret is { } secret ? [new V1LocalObjectReference { Name = secret }] : null,
    };

    private static List<V1EnvVar>? Variables(AksSettings settings)
    {
        var list = settings.Env.Select(kv => new V1EnvVar { Name = kv.Key, Value = kv.Value }).ToList();
        // Secret values live in the Secret, never in the Deployment: `kubectl get deploy -o yaml` must not show them.
        list.AddRange(settings.SecureEnv.Keys.Select(name => new V1EnvVar
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = SecretName(settings), Key = name } },
        }));
        return list.Count == 0 ? null : list;
    }

    private static Dictionary<string, ResourceQuantity>? Quantities(AksResources resources)
    {
        var map = new Dictionary<string, ResourceQuantity>();
        if (resources.Cpu is { } cpu) map["cpu"] = new ResourceQuantity(cpu);
        if (resources.Memory is { } memory) map["memory"] = new ResourceQuantity(memory);
        return map.Count == 0 ? null : map;
    }

    private static V1Probe Probe(string path, int initialDelay, int period) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = ContainerPort, Scheme = "HTTP" },
        InitialDelaySeconds = initialDelay,
        PeriodSeconds = period,
        FailureThreshold = 3,
        TimeoutSeconds = 5,
    };

    public static V1Service Service(AksSettings settings, string environment) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(settings, environment, settings.Name),
        Spec = new V1ServiceSpec
        {
            Type = settings.ServiceType,
            Selector = AksLabels.Selector(settings.Name),
            Ports = [new V1ServicePort { Name = "http", Port = settings.Port, TargetPort = "http", Protocol = "TCP" }],
        },
    };

    public static V2HorizontalPodAutoscaler Autoscaler(AksSettings settings, string environment, AksAutoscale autoscale) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Meta(settings, environment, settings.Name),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = settings.Name },
            MinReplicas = autoscale.Min,
            MaxReplicas = autoscale.Max,
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource
                    {
                        Name = "cpu",
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = autoscale.CpuPercent },
                    },
                },
            ],
        },
    };

    public static V1PodDisruptionBudget DisruptionBudget(AksSettings settings, string environment, int minAvailable) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Meta(settings, environment, settings.Name),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable,
            Selector = new V1LabelSelector { MatchLabels = AksLabels.Selector(settings.Name) },
        },
    };

    public static string SecretName(AksSettings settings) => $"{settings.Name}-secure-env";

    public static V1Secret Secret(AksSettings settings, string environment, IReadOnlyDictionary<string, string> values) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = Meta(settings, environment, SecretName(settings)),
        Type = "Opaque",
        StringData = values.ToDictionary(kv => kv.Key, kv => kv.Value),
    };

    private static V1ObjectMeta Meta(AksSettings settings, string environment, string name) =>
        new() { Name = name, NamespaceProperty = settings.Namespace, Labels = Labels(settings, environment) };

    private static Dictionary<string, string> Labels(AksSettings settings, string environment) => new()
    {
        [AksLabels.Name] = settings.Name,
        [AksLabels.ManagedBy] = "mlops",
        [AksLabels.Environment] = AksLabels.Value(environment),
    };
}
