using System.Text.RegularExpressions;

namespace MlOps.Core.Config;

/// <summary>
/// Reads the <c>deploy</c> section: one entry per environment, each choosing its target. The keys allowed depend on
/// the target, so a setting of another target (a typo or a copy from another environment) is an error, not ignored.
/// </summary>
internal static partial class DeployConfigReader
{
    private static readonly string[] Targets = ["local", "aci", "aks", "azureml-endpoint"];

    private static readonly string[] AciKeys =
        ["target", "subscription", "resource-group", "location", "name", "dns-label", "cpu", "memory-gb", "registry", "env", "secure-env",
         "timeout-minutes", "arm-endpoint"];

    public static IReadOnlyDictionary<string, DeployEnvironment> Read(YamlNodeReader? node, string modelName, string baseDir)
    {
        var result = new Dictionary<string, DeployEnvironment>(StringComparer.Ordinal);
        if (node is null) return result;
        foreach (var (env, value) in node.Mapping().Entries())
        {
            value.Mapping();
            var target = Target(value);
            result[env] = target switch
            {
                "aci" => ReadAci(env, value, modelName),
                "azureml-endpoint" => AzureMlEndpointConfigReader.Read(env, value, modelName),
                "aks" => AksConfigReader.Read(env, value, modelName, baseDir),
                _ => ReadLocal(env, value),
            };
        }
        return result;
    }

    private static string Target(YamlNodeReader value)
    {
        if (value.Child("target") is null) return "local";
        return value.Choice("target", "local", Targets);
    }

    private static DeployEnvironment ReadLocal(string env, YamlNodeReader value)
    {
        value.Mapping("target", "host", "port", "rollout");
        var host = value.String("host") ?? "127.0.0.1";
        if (host is not ("127.0.0.1" or "localhost" or "::1"))
            throw value.Required("host").Error($"deploy.{env}.host must be a loopback address for the local target (127.0.0.1, localhost or ::1); found '{host}'");
        return new DeployEnvironment(env, "local", host, value.Int("port", 0, 0, 65535)) { Rollout = RolloutConfigReader.Read(value.Child("rollout")) };
    }

    private static DeployEnvironment ReadAci(string env, YamlNodeReader value, string modelName)
    {
        value.Mapping(AciKeys);
        var name = value.String("name") ?? DefaultName(modelName, env);
        CheckLabel(value, "name", name, "container group name");
        var dns = value.String("dns-label") ?? name;
        CheckLabel(value, "dns-label", dns, "DNS label");
        var endpoint = ArmEndpoint(value);
        var aci = new AciSettings(
            value.RequiredString("subscription"), value.RequiredString("resource-group"), value.RequiredString("location"), name, dns,
            value.Double("cpu", 1, 0.1, 4), value.Double("memory-gb", 1.5, 0.1, 16), ReadRegistry(value.Child("registry")),
            Variables(value.Child("env")), ReadSecureEnv(value.Child("secure-env")),
            TimeSpan.FromMinutes(value.Int("timeout-minutes", 15, 1, 240)), endpoint);
        return new DeployEnvironment(env, "aci", "", 0) { Aci = aci };
    }

    /// <summary>arm-endpoint (deploy targets and the azureml backends): another ARM host (sovereign clouds, a test fake); null for the public cloud.</summary>
    internal static string? ArmEndpoint(YamlNodeReader value)
    {
        var endpoint = value.String("arm-endpoint");
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            throw value.Required("arm-endpoint").Error($"'{value.Path}.arm-endpoint' must be an absolute https URL; found '{endpoint}'");
        return endpoint;
    }

    /// <summary>MODEL-ENV made a DNS label (what ACI and Kubernetes accept as a name).</summary>
    public static string DefaultName(string modelName, string env) => $"{modelName}-{env}".ToLowerInvariant().Replace('_', '-').Replace('.', '-');

    private static AciRegistryCredential? ReadRegistry(YamlNodeReader? node)
    {
        if (node is null) return null;
        node.Mapping("server", "username-env", "password-env", "identity");
        var user = node.String("username-env");
        var password = node.String("password-env");
        var identity = node.String("identity");
        if (identity is not null && (user ?? password) is not null)
            throw node.Error($"'{node.Path}' takes either username-env + password-env or identity (a managed identity with AcrPull), not both");
        if (identity is null && (user is null || password is null))
            throw node.Error($"'{node.Path}' needs username-env and password-env (names of environment variables holding them) or identity " +
                             "(the resource id of a user-assigned managed identity with AcrPull on the registry)");
        if (identity is not null && !identity.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
            throw node.Required("identity").Error($"'{node.Path}.identity' must be a resource id (/subscriptions/.../userAssignedIdentities/NAME); found '{identity}'");
        return new AciRegistryCredential(node.RequiredString("server"), user, password, identity);
    }

    public static Dictionary<string, string> Variables(YamlNodeReader? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null) return result;
        foreach (var (key, value) in node.Mapping().Entries())
        {
            if (!VariableName().IsMatch(key)) throw value.Error($"'{value.Path}': '{key}' is not an environment variable name (letters, digits, '_')");
            result[key] = value.Scalar();
        }
        return result;
    }

    public static Dictionary<string, string> ReadSecureEnv(YamlNodeReader? node)
    {
        var result = Variables(node);
        foreach (var (key, value) in node is null ? [] : node.Entries())
            if (!VariableName().IsMatch(result[key]))
                throw value.Error($"'{value.Path}' names the environment variable that holds the secret (e.g. MLOPS_API_KEY), not the secret itself");
        return result;
    }

    /// <summary>ACI and Kubernetes (RFC 1123 label): 1-63 lowercase letters, digits and '-', not starting or ending with '-'.</summary>
    public static void CheckLabel(YamlNodeReader value, string key, string label, string what)
    {
        if (!Label().IsMatch(label))
            throw (value.Child(key) ?? value).Error(
                $"'{value.Path}.{key}' {what} '{label}' must be 1-63 lowercase letters, digits and '-', not starting or ending with '-'");
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
