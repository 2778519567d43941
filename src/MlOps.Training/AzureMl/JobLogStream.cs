using System.Text;
using MlOps.Azure.Storage;

namespace MlOps.Training.AzureMl;

/// <summary>
/// Follows a running job's std_log in the workspace artifact store (ExperimentRun/dcid.{job}/user_logs/, where Azure ML
/// writes the command's stdout/stderr) by reading from the last offset on every poll, and prints complete lines into
/// the CI log. The ARM API has no log operation for jobs, so this is the same file studio's "Outputs + logs" shows.
/// </summary>
internal sealed class JobLogStream(BlobFolder jobArtifacts, string logFile, Action<string> log, OutputTail tail)
{
    private long _offset;
    private string _partial = "";
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder(); // keeps a character split across two reads

    public static string LogFileFor(bool distributed) => distributed ? "user_logs/std_log_process_0.txt" : "user_logs/std_log.txt";

    /// <summary>Prints what was appended since the last call; a half-written last line waits for the next call (or <paramref name="final"/>).</summary>
    public async Task PumpAsync(bool final, CancellationToken cancellationToken)
    {
        var bytes = await BlobTransfer.ReadFromAsync(jobArtifacts, logFile, _offset, cancellationToken).ConfigureAwait(false);
        _offset += bytes.Length;
        var chars = new char[_utf8.GetCharCount(bytes, flush: false)];
        _utf8.GetChars(bytes, chars, flush: false);
        var text = _partial + new string(chars);
        var lines = text.Split('\n');
        _partial = final ? "" : lines[^1];
        foreach (var line in final ? lines : lines[..^1])
        {
            var clean = line.TrimEnd('\r');
            if (final && clean.Length == 0) continue;
            log(clean);
            tail.Add(clean, isError: false);
        }
    }
}
