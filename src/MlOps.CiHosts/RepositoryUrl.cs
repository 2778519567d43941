namespace MlOps.CiHosts;

/// <summary>Repository URLs as they are safe to record: a clone URL may carry a token as its user info.</summary>
public static class RepositoryUrl
{
    /// <summary>https://user:token@host/x → https://host/x; anything that is not an absolute URI (scp-style git@host:x) is kept.</summary>
    public static string? WithoutCredentials(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo)) return url;
        // Authority leaves out the user info; PathAndQuery stays escaped (Uri.ToString would turn %20 into a space).
        return $"{uri.Scheme}://{uri.Authority}{uri.PathAndQuery}{uri.Fragment}";
    }
}
