using MlOps.Azure;
using MlOps.Azure.AzureMl;
using MlOps.Azure.Storage;

namespace MlOps.Training.AzureMl;

/// <summary>
/// Waits for a job to end: polls its status with a growing interval (first <see cref="AzureMlClientOptions.PollInterval"/>,
/// back to it when the status changes), streams new log lines on every poll, and cancels the job in Azure ML when the
/// caller's token fires so nothing keeps running (and billing) after Ctrl-C or a cancelled pipeline.
/// </summary>
internal sealed class JobMonitor(JobsClient jobs, DatastoreBlobs blobs, AzureMlClientOptions options, Action<string> log, OutputTail tail)
{
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(30);

    public async Task<JobStatus> RunAsync(JobStatus submitted, string artifactStore, bool distributed, CancellationToken cancellationToken)
    {
        var artifacts = await blobs.OpenAsync(artifactStore, $"ExperimentRun/dcid.{submitted.Name}", cancellationToken).ConfigureAwait(false);
        var logs = new JobLogStream(artifacts, JobLogStream.LogFileFor(distributed), log, tail);
        var status = submitted;
        var delay = options.PollInterval;
        log($"job {status.Name}: {status.Status}");
        try
        {
            while (!status.IsTerminal)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                var next = await jobs.GetAsync(status.Name, cancellationToken).ConfigureAwait(false);
                await logs.PumpAsync(final: false, cancellationToken).ConfigureAwait(false);
                if (next.Status != status.Status)
                {
                    log($"job {status.Name}: {next.Status}");
                    delay = options.PollInterval; // something is happening: look again soon
                }
                else
                {
                    delay = TimeSpan.FromTicks(Math.Min((long)(delay.Ticks * options.PollBackoff), options.MaxPollInterval.Ticks));
                }
                status = next;
            }
            await logs.PumpAsync(final: true, cancellationToken).ConfigureAwait(false);
            return status;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelAsync(status.Name).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CancelAsync(string job)
    {
        log($"cancelling Azure ML job {job} ...");
        using var grace = new CancellationTokenSource(CancelGrace);
        try
        {
            await jobs.CancelAsync(job, grace.Token).ConfigureAwait(false);
            log($"cancel requested for Azure ML job {job}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The run is being cancelled anyway: report, do not mask the cancellation with this error.
            log($"could not cancel Azure ML job {job}: {e.Message}; cancel it in Azure ML studio");
        }
    }
}
