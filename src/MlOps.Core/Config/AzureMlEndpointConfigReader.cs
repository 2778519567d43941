using System.Text.RegularExpressions;

namespace MlOps.Core.Config;

/// <summary>Reads a <c>deploy.ENV</c> entry with <c>target: azureml-endpoint</c>, strictly: only its own keys, names Azure ML accepts.</summary>
internal static partial class AzureMlEndpointConfigReader
{
    private static readonly string[] Keys =
        ["target", "subscription", "resource-group", "workspace", "location", "name", "deployment-names", "instance-type", "instance-count",
         "auth-mode", "probes", "env", "timeout-minutes", "arm-endpoint", "rollout"];

    /// <summary>auth-mode as written in mlops.yml (the az ml CLI's spelling) → the REST API's value.</summary>
    private static readonly Dictionary<string, string> AuthModes = new(StringComparer.Ordinal) { ["key"] = "Key", ["aml_token"] = "AMLToken" };

    public static DeployEnvironment Read(string env, YamlNodeReader value, string modelName)
    {
        value.Mapping(Keys);
        var name = value.String("name") ?? DeployConfigReader.DefaultName(modelName, env);
        if (!EndpointName().IsMatch(name))
            throw (value.Child("name") ?? value).Error(
                $"'{value.Path}.name' endpoint name '{name}' must be 3-32 letters, digits and '-', starting with a letter and not ending with '-'" +
                (value.Child("name") is null ? " (the default is MODEL-ENV; set name to choose another)" : ""));
        var auth = value.Choice("auth-mode", "key", [.. AuthModes.Keys]);
        var probes = value.Child("probes")?.Mapping("liveness", "readiness");
        var settings = new AzureMlEndpointSettings(
            value.RequiredString("subscription"), value.RequiredString("resource-group"), value.RequiredString("workspace"),
            value.RequiredString("location"), name, value.Choice("deployment-names", "blue-green", "blue-green", "model-version"),
            value.String("instance-type") ?? "Standard_DS3_v2", value.Int("instance-count", 1, 1, 100), AuthModes[auth],
            Probe(probes?.Child("liveness"), new AzureMlProbe(10, 10, 5, 3)),
            Probe(probes?.Child("readiness"), new AzureMlProbe(5, 5, 5, 3)),
            DeployConfigReader.Variables(value.Child("env")),
            TimeSpan.FromMinutes(value.Int("timeout-minutes", 30, 1, 240)), DeployConfigReader.ArmEndpoint(value));
        return new DeployEnvironment(env, "azureml-endpoint", "", 0) { AzureMlEndpoint = settings, Rollout = RolloutConfigReader.Read(value.Child("rollout")) };
    }

    private static AzureMlProbe Probe(YamlNodeReader? node, AzureMlProbe fallback)
    {
        if (node is null) return fallback;
        node.Mapping("initial-delay-seconds", "period-seconds", "timeout-seconds", "failure-threshold");
        return new AzureMlProbe(node.Int("initial-delay-seconds", fallback.InitialDelaySeconds, 0, 3600),
            node.Int("period-seconds", fallback.PeriodSeconds, 1, 3600), node.Int("timeout-seconds", fallback.TimeoutSeconds, 1, 3600),
            node.Int("failure-threshold", fallback.FailureThreshold, 1, 1000));
    }

    /// <summary>Azure ML: 3-32 characters, a letter first, then letters, digits and '-', not ending with '-'.</summary>
    [GeneratedRegex("^[A-Za-z][-A-Za-z0-9]{1,30}[A-Za-z0-9]$")]
    private static partial Regex EndpointName();
}
