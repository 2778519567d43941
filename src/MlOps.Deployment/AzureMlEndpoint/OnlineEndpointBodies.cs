using System.Text.Json.Nodes;
using System.Xml;
using MlOps.Azure.AzureMl;
using MlOps.Core.Config;

namespace MlOps.Deployment.AzureMlEndpoint;

/// <summary>
/// The PUT bodies of the endpoint and of a deployment (Microsoft.MachineLearningServices 2025-12-01). The deployment
/// runs the packaged image as a custom container: its environment's inferenceConfig routes Azure ML's liveness,
/// readiness and scoring calls to the server's own /health/live, /health/ready and /score on port 8080. Tags record
/// which environment, model and image each one serves, so status and rollouts can say what they found.
/// </summary>
public static class OnlineEndpointBodies
{
    public const int Port = 8080;
    public const string EnvironmentTag = "mlops-environment";
    public const string ModelTag = "mlops-model";
    public const string ImageTag = "mlops-image";

    /// <summary>On the endpoint: the deployment that is live (the others are candidates), since traffic alone cannot tell at 50%.</summary>
    public const string LiveTag = "mlops-live";

    public static readonly InferenceRoutes Routes = new(Port, "/health/live", "/health/ready", "/score");

    public static JsonObject Endpoint(AzureMlEndpointSettings settings, string environment, string? live,
        IReadOnlyDictionary<string, int> traffic, IReadOnlyDictionary<string, int> mirror)
    {
        var tags = new JsonObject { [EnvironmentTag] = environment };
        if (live is not null) tags[LiveTag] = live;
        return new JsonObject
        {
            ["location"] = settings.Location,
            ["tags"] = tags,
            ["properties"] = new JsonObject
            {
                ["description"] = $"{environment} endpoint, deployed by mlops",
                ["authMode"] = settings.AuthMode,
                ["traffic"] = Percentages(traffic),
                ["mirrorTraffic"] = Percentages(mirror),
            },
        };
    }

    public static JsonObject Deployment(AzureMlEndpointSettings settings, string environment, string modelReference, string image, string environmentId)
    {
        var variables = new JsonObject();
        foreach (var (name, value) in settings.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal)) variables[name] = value;
        return new JsonObject
        {
            ["location"] = settings.Location,
            ["tags"] = new JsonObject { [EnvironmentTag] = environment, [ModelTag] = modelReference, [ImageTag] = image },
            ["sku"] = new JsonObject { ["name"] = "Default", ["capacity"] = settings.InstanceCount },
            ["properties"] = new JsonObject
            {
                ["description"] = $"{modelReference}, deployed by mlops",
                ["endpointComputeType"] = "Managed",
                ["environmentId"] = environmentId,
                ["instanceType"] = settings.InstanceType,
                ["environmentVariables"] = variables,
                // Liveness restarts a hung server; readiness keeps traffic away until the model is loaded.
                ["livenessProbe"] = Probe(settings.Liveness),
                ["readinessProbe"] = Probe(settings.Readiness),
            },
        };
    }

    private static JsonObject Percentages(IReadOnlyDictionary<string, int> split)
    {
        var o = new JsonObject();
        foreach (var (name, percent) in split.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[name] = percent;
        return o;
    }

    private static JsonObject Probe(AzureMlProbe probe) => new()
    {
        ["initialDelay"] = Duration(probe.InitialDelaySeconds),
        ["period"] = Duration(probe.PeriodSeconds),
        ["timeout"] = Duration(probe.TimeoutSeconds),
        ["failureThreshold"] = probe.FailureThreshold,
        ["successThreshold"] = 1,
    };

    /// <summary>ISO 8601 durations (PT10S), as the API takes them.</summary>
    private static string Duration(int seconds) => XmlConvert.ToString(TimeSpan.FromSeconds(seconds));
}
