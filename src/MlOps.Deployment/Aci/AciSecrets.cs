using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aci;

/// <summary>
/// The secret values an ACI deployment needs (registry password, secure environment variables), read from the
/// environment variables mlops.yml names and masked in the CI log as soon as they are read.
/// </summary>
public sealed record AciSecrets(string? RegistryUsername, string? RegistryPassword, IReadOnlyDictionary<string, string> SecureEnv)
{
    public static AciSecrets Read(string environment, AciSettings settings, Func<string, string?> getEnv, Action<string> mask)
    {
        string Need(string variable, string what)
        {
            var value = getEnv(variable);
            if (string.IsNullOrEmpty(value))
                throw new InvalidInputException($"deploy.{environment}.{what} names the environment variable {variable}, which is not set; " +
                                                "set it from a pipeline secret (Azure DevOps: a secret variable mapped with env:, GitHub: ${{ secrets.X }})");
            mask(value);
            return value;
        }

        var registry = settings.Registry;
        var user = registry?.UsernameEnv is { } u ? Need(u, "registry.username-env") : null;
        var password = registry?.PasswordEnv is { } p ? Need(p, "registry.password-env") : null;
        var secure = settings.SecureEnv.ToDictionary(kv => kv.Key, kv => Need(kv.Value, $"secure-env.{kv.Key}"), StringComparer.Ordinal);
        return new AciSecrets(user, password, secure);
    }
}
