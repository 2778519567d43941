using System.Net.Http.Headers;

namespace MlOps.Containers.Distribution;

/// <summary>A WWW-Authenticate challenge (RFC 7235): Basic realm="...", or Bearer realm="...",service="...",scope="...".</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");
    public string? Service => Parameters.GetValueOrDefault("service");
    public string? Scope => Parameters.GetValueOrDefault("scope");

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first challenge of a 401 that this client can answer (Bearer before Basic), or null.</summary>
    public static AuthChallenge? From(HttpResponseMessage response)
    {
        var challenges = response.Headers.WwwAuthenticate.Select(Parse).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    public static AuthChallenge Parse(AuthenticationHeaderValue header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = header.Parameter ?? "";
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i]))) i++;
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var name = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                // A quoted value may hold commas (scope="repository:a:pull,push"); \" escapes a quote.
                var builder = new System.Text.StringBuilder();
                for (i++; i < text.Length && text[i] != '"'; i++)
                    builder.Append(text[i] == '\\' && i + 1 < text.Length ? text[++i] : text[i]);
                i++;
                value = builder.ToString();
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                value = text[i..end].Trim();
                i = end;
            }
            parameters[name] = value;
        }
        return new AuthChallenge(header.Scheme, parameters);
    }
}
