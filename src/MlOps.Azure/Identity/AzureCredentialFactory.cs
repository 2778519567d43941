using Azure.Core;
using Azure.Identity;
using MlOps.Core.Errors;

namespace MlOps.Azure.Identity;

/// <summary>
/// Picks the credential the way CI systems hand them out, so the same mlops.yml works locally, in Azure Pipelines and
/// in GitHub Actions. MLOPS_AZURE_CREDENTIAL forces one; otherwise the first that fits the environment wins:
/// <list type="number">
/// <item>client secret: AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET</item>
/// <item>workload identity (federated token file, e.g. AKS): AZURE_FEDERATED_TOKEN_FILE + AZURE_CLIENT_ID + AZURE_TENANT_ID</item>
/// <item>Azure Pipelines workload identity federation: SYSTEM_OIDCREQUESTURI + SYSTEM_ACCESSTOKEN +
/// AZURESUBSCRIPTION_SERVICE_CONNECTION_ID / _CLIENT_ID / _TENANT_ID (as AzureCLI@2 and similar tasks export them)</item>
/// <item>GitHub Actions OIDC: ACTIONS_ID_TOKEN_REQUEST_URL + ACTIONS_ID_TOKEN_REQUEST_TOKEN + AZURE_CLIENT_ID + AZURE_TENANT_ID</item>
/// <item>DefaultAzureCredential (managed identity, Azure CLI after az login / azure/login, Visual Studio, ...)</item>
/// </list>
/// AZURE_AUTHORITY_HOST names another Entra ID host for all of them (see <see cref="Authority"/>).
/// </summary>
public static class AzureCredentialFactory
{
    public static readonly string[] Kinds = ["default", "client-secret", "workload-identity", "azure-pipelines", "github-oidc", "azure-cli"];

    public static TokenCredential Create(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var kind = Describe(getEnv);
        string Need(string name) => Value(getEnv, name)
            ?? throw new InvalidInputException($"Azure credential '{kind}' needs the environment variable {name}; {AzureErrorMapper.CheckCredentials}");
        var (authority, noDiscovery) = Authority(getEnv);
        T Signs<T>(T options) where T : TokenCredentialOptions
        {
            if (authority is not null) options.AuthorityHost = authority;
            return options;
        }
        return kind switch
        {
            "client-secret" => new ClientSecretCredential(Need("AZURE_TENANT_ID"), Need("AZURE_CLIENT_ID"), Need("AZURE_CLIENT_SECRET"),
                Signs(new ClientSecretCredentialOptions { DisableInstanceDiscovery = noDiscovery })),
            "workload-identity" => new WorkloadIdentityCredential(Signs(new WorkloadIdentityCredentialOptions
            {
                TenantId = Need("AZURE_TENANT_ID"), ClientId = Need("AZURE_CLIENT_ID"), TokenFilePath = Need("AZURE_FEDERATED_TOKEN_FILE"),
                DisableInstanceDiscovery = noDiscovery,
            })),
            "azure-pipelines" => new AzurePipelinesCredential(
                Value(getEnv, "AZURESUBSCRIPTION_TENANT_ID") ?? Need("AZURE_TENANT_ID"),
                Value(getEnv, "AZURESUBSCRIPTION_CLIENT_ID") ?? Need("AZURE_CLIENT_ID"),
                Need("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"), Need("SYSTEM_ACCESSTOKEN"),
                Signs(new AzurePipelinesCredentialOptions { DisableInstanceDiscovery = noDiscovery })),
            "github-oidc" => new ClientAssertionCredential(Need("AZURE_TENANT_ID"), Need("AZURE_CLIENT_ID"),
                new GitHubOidcToken(Need("ACTIONS_ID_TOKEN_REQUEST_URL"), Need("ACTIONS_ID_TOKEN_REQUEST_TOKEN")).GetAsync,
                Signs(new ClientAssertionCredentialOptions { DisableInstanceDiscovery = noDiscovery })),
            "azure-cli" => new AzureCliCredential(),
            _ => authority is null ? new DefaultAzureCredential()
                : new DefaultAzureCredential(Signs(new DefaultAzureCredentialOptions { DisableInstanceDiscovery = noDiscovery })),
        };
    }

    /// <summary>Entra ID hosts that Entra's instance discovery knows (the public, US Government and China clouds).</summary>
    private static readonly Uri[] KnownAuthorityHosts =
        [AzureAuthorityHosts.AzurePublicCloud, AzureAuthorityHosts.AzureGovernment, AzureAuthorityHosts.AzureChina];

    /// <summary>
    /// AZURE_AUTHORITY_HOST, the Entra ID sign-in host (the variable Azure.Identity itself reads; read here through
    /// <c>getEnv</c> so every credential gets the same one), and whether MSAL's instance discovery must be off for it.
    /// Discovery first sends the authority to login.microsoftonline.com to ask whether it is a known Entra cloud; that
    /// is right for the public, US Government and China hosts, but for a host Entra does not know (Azure Stack Hub's
    /// AD FS, an air-gapped cloud, a local test double of Entra ID) it is an outbound call that cannot help, and from
    /// an isolated network cannot even connect. So discovery is turned off exactly when the host is set and is not one
    /// of those three; the token request still goes over HTTPS, with the usual certificate validation, to
    /// {host}/{tenant}/oauth2/v2.0/token.
    /// </summary>
    public static (Uri? Host, bool DisableInstanceDiscovery) Authority(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        if (Value(getEnv, "AZURE_AUTHORITY_HOST") is not { } text) return (null, false);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var host) || host.Scheme != Uri.UriSchemeHttps)
            throw new InvalidInputException($"AZURE_AUTHORITY_HOST '{text}' is not an absolute https URL (e.g. {AzureAuthorityHosts.AzurePublicCloud})");
        var known = KnownAuthorityHosts.Any(k => Uri.Compare(k, host, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
        return (host, !known);
    }

    /// <summary>Which credential <see cref="Create"/> will use; printed so a CI log shows how mlops signed in.</summary>
    public static string Describe(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        if (Value(getEnv, "MLOPS_AZURE_CREDENTIAL") is { } forced)
            return Array.IndexOf(Kinds, forced) >= 0
                ? forced
                : throw new InvalidInputException($"MLOPS_AZURE_CREDENTIAL '{forced}' is not one of {string.Join(", ", Kinds)}");
        bool Has(params string[] names) => names.All(n => Value(getEnv, n) is not null);
        if (Has("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET")) return "client-secret";
        if (Has("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE")) return "workload-identity";
        if (Has("SYSTEM_OIDCREQUESTURI", "SYSTEM_ACCESSTOKEN", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID")) return "azure-pipelines";
        if (Has("ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "AZURE_CLIENT_ID", "AZURE_TENANT_ID")) return "github-oidc";
        return "default";
    }

    private static string? Value(Func<string, string?> getEnv, string name) => getEnv(name) is { Length: > 0 } v ? v : null;
}
