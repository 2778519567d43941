namespace MlOps.Server;

/// <summary>
/// A request the client must fix (400, or 413/415 for the body itself); becomes a problem response naming the field.
/// Thrown while reading a request so the reading code stays linear and one place turns it into HTTP.
/// </summary>
public sealed class BadRequestException(string detail, string? field = null, int status = 400) : Exception(detail)
{
    /// <summary>Where the problem is, e.g. "rows[3].age"; null when it is the body as a whole.</summary>
    public string? Field { get; } = field;
    public int Status { get; } = status;
}
