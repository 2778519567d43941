namespace MlOps.Router;

/// <summary>What the admin endpoint answers: the routes in force and how many requests were mirrored.</summary>
/// <param name="Drained">After a change: whether the requests forwarded under the old routes were all answered.</param>
public sealed record RouterView(RouteTable Routes, long Mirrored)
{
    public bool? Drained { get; init; }
}
