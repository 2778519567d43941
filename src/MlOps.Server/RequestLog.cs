using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// The sampled request/response log monitoring reads: one JSON object per line,
/// {"time", "requestId", "modelVersion", "latencyMs", "inputs": [rows], "outputs": [predictions]}.
/// Requests only enqueue; one background task writes, so a slow disk never slows scoring. The queue is bounded: when
/// it is full an entry is dropped (and counted) rather than holding memory or a request. Everything queued is written
/// and flushed when the host stops (after Kestrel has drained in-flight requests) or the app is disposed.
/// </summary>
public sealed class RequestLog : IHostedLifecycleService, IAsyncDisposable
{
    public const int Capacity = 1024;

    private readonly Channel<RequestLogEntry> _queue = Channel.CreateBounded<RequestLogEntry>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ModelCard _card;
    private readonly double _sampleRate;
    private readonly ILogger _logger;
    private readonly FileStream _file;
    private readonly Task _writer;
    private long _dropped;

    public RequestLog(string path, double sampleRate, ModelCard card, ILogger logger)
    {
        _card = card;
        _sampleRate = sampleRate;
        _logger = logger;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        // Appended to, so a restarted server adds to the log monitoring already reads instead of replacing it.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>Entries dropped because the queue was full or the log had stopped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool ShouldSample() => _sampleRate >= 1 || (_sampleRate > 0 && Random.Shared.NextDouble() < _sampleRate);

    public void Add(RequestLogEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry)) Interlocked.Increment(ref _dropped);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => DrainAsync();

    public async ValueTask DisposeAsync()
    {
        await DrainAsync();
        await _file.DisposeAsync();
        if (Dropped > 0) _logger.LogWarning("the request log dropped {Dropped} entries because it could not keep up", Dropped);
    }

    /// <summary>Idempotent: a graceful stop drains, and disposing afterwards finds nothing left.</summary>
    private async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAllAsync()
    {
        try
        {
            await using var json = new Utf8JsonWriter(_file);
            while (await _queue.Reader.WaitToReadAsync())
            {
                while (_queue.Reader.TryRead(out var entry))
                {
                    Write(json, entry);
                    await json.FlushAsync();
                    json.Reset();
                    _file.WriteByte((byte)'\n');
                }
                // Flushed whenever the queue is empty: a reader tailing the file sees each burst promptly.
                await _file.FlushAsync();
            }
        }
        catch (Exception e)
        {
            // A full disk must not take scoring down; the log stops and says why once.
            _logger.LogError(e, "the request log stopped writing");
            while (_queue.Reader.TryRead(out _)) Interlocked.Increment(ref _dropped);
        }
    }

    private void Write(Utf8JsonWriter json, RequestLogEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("time", entry.Time);
        json.WriteString("requestId", entry.RequestId);
        json.WriteString("modelVersion", entry.ModelVersion);
        json.WriteNumber("latencyMs", Math.Round(entry.LatencyMs, 3));
        json.WriteStartArray("inputs");
        for (var row = 0; row < entry.Inputs.RowCount; row++) WriteRow(json, entry.Inputs, row);
        json.WriteEndArray();
        ScoreResponseWriter.WritePredictions(json, "outputs", _card, entry.Outputs);
        json.WriteEndObject();
    }

    /// <summary>The row as the model saw it (typed, trimmed, missing as null), which is what drift monitoring needs.</summary>
    private void WriteRow(Utf8JsonWriter json, Table table, int row)
    {
        json.WriteStartObject();
        foreach (var feature in _card.Features)
        {
            var column = table[feature.Name];
            if (column.Kind == ColumnKind.Numeric) ScoreResponseWriter.WriteNumber(json, feature.Name, column.Numbers[row]);
            else if (column.Strings[row] is { } value) json.WriteString(feature.Name, value);
            else json.WriteNull(feature.Name);
        }
        json.WriteEndObject();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
