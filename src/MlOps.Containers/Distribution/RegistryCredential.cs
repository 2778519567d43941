namespace MlOps.Containers.Distribution;

/// <summary>
/// How to sign in to a registry: nobody (anonymous), a user name and password (Basic, or exchanged for a bearer token
/// when the registry asks for one), or an Entra ID token exchanged for an ACR refresh token. <see cref="Source"/> names
/// where the secret came from (e.g. the environment variables), so a refusal can say what to fix without printing it.
/// </summary>
public sealed class RegistryCredential
{
    private RegistryCredential(string source, string? username, string? password, Func<CancellationToken, ValueTask<string>>? entraToken)
    {
        Source = source;
        Username = username;
        Password = password;
        EntraToken = entraToken;
    }

    public static RegistryCredential Anonymous { get; } = new("no credentials", null, null, null);

    public static RegistryCredential Basic(string username, string password, string source) => new(source, username, password, null);

    /// <param name="entraToken">An Entra ID access token for the registry's audience (Azure Resource Manager by default).</param>
    public static RegistryCredential EntraId(Func<CancellationToken, ValueTask<string>> entraToken, string source) => new(source, null, null, entraToken);

    public string Source { get; }
    public string? Username { get; }
    public string? Password { get; }
    public Func<CancellationToken, ValueTask<string>>? EntraToken { get; }

    public bool IsAnonymous => Username is null && EntraToken is null;

    public string BasicParameter() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));
}
