namespace MlOps.CiHosts.Retrain;

/// <summary>
/// Starts the retrain pipeline on a CI host (Azure Pipelines run, GitHub workflow_dispatch / repository_dispatch).
/// `mlops monitor --trigger` calls it when a monitoring threshold is crossed.
/// </summary>
public interface IRetrainTrigger
{
    /// <summary>What will be started, for logs and the report, e.g. "Azure Pipelines 'nightly-retrain' (id 12) in org/project".</summary>
    string Description { get; }

    Task<RetrainRun> TriggerAsync(RetrainRequest request, CancellationToken cancellationToken = default);
}

/// <param name="Model">Registered model name the run should retrain.</param>
/// <param name="Reason">Why, in one line (e.g. "PSI of 'nswprice' 0.31 > 0.2"); passed to the pipeline as a parameter.</param>
/// <param name="Parameters">Extra pipeline parameters / workflow inputs.</param>
public sealed record RetrainRequest(string Model, string Reason, IReadOnlyDictionary<string, string> Parameters);

/// <param name="Id">Run id on the host (ADO run id; for GitHub dispatches, which return no run, the dispatch's description).</param>
/// <param name="Url">Link to the run when the host returns one.</param>
public sealed record RetrainRun(string Id, string? Url);
