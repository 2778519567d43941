namespace MlOps.Azure.AzureMl;

/// <summary>A job's state as Azure ML reports it (properties.status), with the terminal ones named.</summary>
public sealed record JobStatus(string Name, string Status, IReadOnlyDictionary<string, string> OutputUris)
{
    public bool IsTerminal => Status is "Completed" or "Failed" or "Canceled" or "NotResponding";
    public bool Succeeded => Status == "Completed";
}
