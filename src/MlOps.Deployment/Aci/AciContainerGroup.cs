using System.Text.Json.Nodes;
using MlOps.Core.Config;

namespace MlOps.Deployment.Aci;

/// <summary>
/// The container group PUT body (Microsoft.ContainerInstance 2025-09-01): one container running the scoring image on
/// port 8080, probed on /health/live and /health/ready, on a public IP with a DNS label. Tags record which model and
/// environment it serves, so status and stop can say what they found.
/// </summary>
public static class AciContainerGroup
{
    public const int Port = 8080;
    public const string ModelTag = "mlops-model";
    public const string EnvironmentTag = "mlops-environment";

    public static JsonObject Body(AciSettings settings, string environment, string modelReference, string image, AciSecrets secrets)
    {
        var group = new JsonObject
        {
            ["location"] = settings.Location,
            ["tags"] = new JsonObject { [EnvironmentTag] = environment, [ModelTag] = modelReference },
        };
        if (settings.Registry?.Identity is { } identity)
            group["identity"] = new JsonObject
            {
                ["type"] = "UserAssigned",
                ["userAssignedIdentities"] = new JsonObject { [identity] = new JsonObject() },
            };
        group["properties"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = settings.ContainerGroup,
                ["properties"] = new JsonObject
                {
                    ["image"] = image,
                    ["ports"] = new JsonArray(new JsonObject { ["port"] = Port }),
                    ["environmentVariables"] = Variables(settings, secrets),
                    ["resources"] = new JsonObject
                    {
                        ["requests"] = new JsonObject { ["cpu"] = settings.Cpu, ["memoryInGB"] = settings.MemoryGb },
                    },
                    // Liveness restarts a hung server; readiness keeps traffic away until the model is loaded.
                    ["livenessProbe"] = Probe("/health/live", initialDelay: 10, period: 10),
                    ["readinessProbe"] = Probe("/health/ready", initialDelay: 5, period: 5),
                },
            }),
            ["imageRegistryCredentials"] = RegistryCredentials(settings.Registry, secrets),
            ["ipAddress"] = new JsonObject
            {
                ["type"] = "Public",
                ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = Port }),
                ["dnsNameLabel"] = settings.DnsLabel,
            },
            ["osType"] = "Linux",
        };
        return group;
    }

    private static JsonArray Variables(AciSettings settings, AciSecrets secrets)
    {
        var list = new JsonArray();
        foreach (var (name, value) in settings.Env) list.Add(new JsonObject { ["name"] = name, ["value"] = value });
        // secureValue: ACI never returns it in GET answers or shows it in the portal.
        foreach (var (name, value) in secrets.SecureEnv) list.Add(new JsonObject { ["name"] = name, ["secureValue"] = value });
        return list;
    }

    private static JsonArray RegistryCredentials(AciRegistryCredential? registry, AciSecrets secrets)
    {
        if (registry is null) return [];
        var credential = new JsonObject { ["server"] = registry.Server };
        if (registry.Identity is { } identity)
            credential["identity"] = identity;
        else
        {
            credential["username"] = secrets.RegistryUsername;
            credential["password"] = secrets.RegistryPassword;
        }
        return [credential];
    }

    private static JsonObject Probe(string path, int initialDelay, int period) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = Port, ["scheme"] = "http" },
        ["initialDelaySeconds"] = initialDelay,
        ["periodSeconds"] = period,
        ["failureThreshold"] = 3,
        ["timeoutSeconds"] = 5,
    };
}
