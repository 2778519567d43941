using MlOps.CiHosts.Retrain;

namespace MlOps.Steps.Tests.Monitor;

/// <summary>Remembers every retrain request and answers with a fixed run, as a CI host would.</summary>
public sealed class RecordingTrigger : IRetrainTrigger
{
    public List<RetrainRequest> Requests { get; } = [];

    public string Description => "fake pipeline 'nightly-retrain'";

    public Task<RetrainRun> TriggerAsync(RetrainRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return Task.FromResult(new RetrainRun("4711", "https://ci.example/runs/4711"));
    }
}
