using MlOps.Core.Config;

namespace MlOps.Deployment.Aci;

/// <summary>
/// The secret values an ACI deployment needs (registry password, secure environment variables), read from the
/// environment variables mlops.yml names and masked in the CI log as soon as they are read.
/// </summary>
public sealed record AciSecrets(string? RegistryUsername, string? RegistryPassword, IReadOnlyDictionary<string, string> SecureEnv)
{
    public static AciSecrets Read(string environment, AciSettings settings, Func<string, string?> getEnv, Action<string> mask)
    {
        string Need(string variable, string what) => SecretVariables.Need(environment, what, variable, getEnv, mask);

        var registry = settings.Registry;
        var user = registry?.UsernameEnv is { } u ? Need(u, "registry.username-env") : null;
        var password = registry?.PasswordEnv is { } p ? Need(p, "registry.password-env") : null;
        return new AciSecrets(user, password, SecretVariables.Read(environment, settings.SecureEnv, getEnv, mask));
    }
}
