namespace MlOps.Server;

/// <summary>Endpoint metadata: this route needs the API key when one is configured (health and metrics do not).</summary>
public sealed class ApiKeyRequired
{
    public static readonly ApiKeyRequired Instance = new();

    private ApiKeyRequired() { }
}
