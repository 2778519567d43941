namespace MlOps.Server;

/// <summary>A request the client must fix; becomes a 400 problem response naming the field.</summary>
public sealed class BadRequestException(string detail, string? field = null, int status = 400) : Exception(detail)
{
    public string? Field { get; } = field;
    public int Status { get; } = status;
}
