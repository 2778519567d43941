using MlOps.Core.Errors;

namespace MlOps.Deployment;

/// <summary>
/// Secret values that mlops.yml names by environment variable (registry passwords, secure-env), read from the CI
/// job's environment and masked in the CI log as soon as they are read.
/// </summary>
public static class SecretVariables
{
    /// <param name="setting">The key of deploy.ENV that names the variable, for the error (e.g. secure-env.API_KEY).</param>
    public static string Need(string environment, string setting, string variable, Func<string, string?> getEnv, Action<string> mask)
    {
        var value = getEnv(variable);
        if (string.IsNullOrEmpty(value))
            throw new InvalidInputException($"deploy.{environment}.{setting} names the environment variable {variable}, which is not set; " +
                                            "set it from a pipeline secret (Azure DevOps: a secret variable mapped with env:, GitHub: ${{ secrets.X }})");
        mask(value);
        return value;
    }

    /// <summary>Container variable → its secret value, for a secure-env map (container variable → CI variable).</summary>
    public static Dictionary<string, string> Read(string environment, IReadOnlyDictionary<string, string> secureEnv, Func<string, string?> getEnv, Action<string> mask) =>
        secureEnv.ToDictionary(kv => kv.Key, kv => Need(environment, $"secure-env.{kv.Key}", kv.Value, getEnv, mask), StringComparer.Ordinal);
}
