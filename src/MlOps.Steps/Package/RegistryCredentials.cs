using Azure.Core;
using Azure.Identity;
using MlOps.Azure.Identity;
using MlOps.CiHosts;
using MlOps.Containers.Distribution;
using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// The push credential from the environment, never from a flag or mlops.yml: MLOPS_REGISTRY_USERNAME +
/// MLOPS_REGISTRY_PASSWORD (masked in the CI log from then on); else, for *.azurecr.io, the Azure identity the other
/// Azure steps use (<see cref="AzureCredentialFactory"/>) exchanged for an ACR token; else anonymous.
/// </summary>
public static class RegistryCredentials
{
    public const string UserVariable = "MLOPS_REGISTRY_USERNAME";
    public const string PasswordVariable = "MLOPS_REGISTRY_PASSWORD";

    /// <summary>The audience ACR accepts Entra ID tokens for by default (Azure Resource Manager).</summary>
    public const string AcrScope = "https://management.azure.com/.default";

    public static RegistryCredential For(string registry, Func<string, string?> getEnv, ICiHost host)
    {
        var user = getEnv(UserVariable) is { Length: > 0 } u ? u : null;
        var password = getEnv(PasswordVariable) is { Length: > 0 } p ? p : null;
        if (password is not null) host.SetSecret(password);
        if (user is not null || password is not null)
            return user is not null && password is not null
                ? RegistryCredential.Basic(user, password, $"{UserVariable} / {PasswordVariable}")
                : throw new InvalidInputException($"{(user is null ? PasswordVariable : UserVariable)} is set but {(user is null ? UserVariable : PasswordVariable)} is not: set both to push with a user name and password");
        if (!RegistryErrors.IsAzure(registry)) return RegistryCredential.Anonymous;

        var kind = AzureCredentialFactory.Describe(getEnv);
        var credential = AzureCredentialFactory.Create(getEnv);
        return RegistryCredential.EntraId(async ct =>
        {
            try
            {
                return (await credential.GetTokenAsync(new TokenRequestContext([AcrScope]), ct)).Token;
            }
            catch (AuthenticationFailedException e)
            {
                throw new InvalidInputException($"no Azure token for pushing to {registry} with the '{kind}' credential: {e.Message.Split('\n')[0]}; "
                    + $"sign in (az login, or AZURE_CLIENT_ID/AZURE_TENANT_ID/...), or set {UserVariable} and {PasswordVariable}", e);
            }
        }, $"the Azure identity ('{kind}' credential)");
    }
}
