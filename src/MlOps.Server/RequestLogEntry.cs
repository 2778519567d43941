using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// One sampled, successfully scored request. Holds the table and predictions as they are (neither changes after the
/// response is written) so turning them into JSON happens on the log's own thread, not on the request path.
/// </summary>
public sealed record RequestLogEntry(DateTimeOffset Time, string RequestId, string ModelVersion, Table Inputs, Predictions Outputs, double LatencyMs);
