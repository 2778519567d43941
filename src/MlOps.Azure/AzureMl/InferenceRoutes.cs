using System.Text.Json.Nodes;

namespace MlOps.Azure.AzureMl;

/// <summary>An environment's inferenceConfig: where a custom container answers liveness, readiness and scoring.</summary>
public sealed record InferenceRoutes(int Port, string Liveness, string Readiness, string Scoring)
{
    public JsonObject ToJson() => new()
    {
        ["livenessRoute"] = Route(Liveness),
        ["readinessRoute"] = Route(Readiness),
        ["scoringRoute"] = Route(Scoring),
    };

    private JsonObject Route(string path) => new() { ["path"] = path, ["port"] = Port };
}
