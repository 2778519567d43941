using MlOps.Core.Errors;

namespace MlOps.Server;

/// <param name="Host">Address Kestrel binds to; loopback by default so a local `mlops serve` is not exposed.</param>
/// <param name="Port">0 lets the OS pick a free port (read it back from <see cref="ScoringServer.StartAsync"/>).</param>
/// <param name="ModelReference">Reported as "model" in every response; defaults to the card's name.</param>
/// <param name="MaxBodyBytes">Larger bodies get 413 before they are buffered, which bounds memory per request.</param>
/// <param name="MaxRows">More rows in one request get 400, which bounds the time one request can hold the model.</param>
/// <param name="RequestLogPath">When set, sampled scored requests are appended here as JSON lines (see <see cref="RequestLog"/>).</param>
/// <param name="RequestLogSampleRate">Share of successful requests logged, 0 to 1.</param>
/// <param name="ApiKey">When set, /score and /v1/model need it (Bearer or X-Api-Key); health and metrics stay open.</param>
/// <param name="DriftWindowRows">The drift gauges on /metrics cover about this many of the last scored rows; 0 turns them off.</param>
public sealed record ScoringServerOptions(string Host = "127.0.0.1", int Port = 0, string? ModelReference = null,
    long MaxBodyBytes = 10 * 1024 * 1024, int MaxRows = 100_000, string? ApiKey = null,
    string? RequestLogPath = null, double RequestLogSampleRate = 1.0, int DriftWindowRows = ScoringServerOptions.DefaultDriftWindowRows)
{
    public const int DefaultDriftWindowRows = 10_000;

    /// <summary>Score rows with keys the model does not have (an id, the label) instead of answering 400.</summary>
    public bool IgnoreExtraColumns { get; init; }

    /// <summary>The generated ToString would print the key wherever options are logged; only say whether there is one.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Host = {Host}, Port = {Port}, ModelReference = {ModelReference}, MaxBodyBytes = {MaxBodyBytes}, MaxRows = {MaxRows}, ApiKey = {(ApiKey is null ? "none" : "***")}, RequestLogPath = {RequestLogPath}, RequestLogSampleRate = {RequestLogSampleRate}, DriftWindowRows = {DriftWindowRows}, IgnoreExtraColumns = {IgnoreExtraColumns}");
        return true;
    }

    /// <summary>Bad options are the user's (flags, config), so they fail as invalid input (exit 2), not as a crash.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new InvalidInputException("the server host is empty");
        if (Port is < 0 or > 65535) throw new InvalidInputException($"port {Port} is out of range (0-65535; 0 = any free port)");
        // The body is buffered in one array for the JSON parser, which bounds it by the largest array.
        if (MaxBodyBytes <= 0 || MaxBodyBytes > Array.MaxLength)
            throw new InvalidInputException($"the maximum body size must be between 1 and {Array.MaxLength} bytes, not {MaxBodyBytes}");
        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
            throw new InvalidInputException("the API key is blank; leave it unset to serve without one");
        if (RequestLogSampleRate is not (>= 0 and <= 1))
            throw new InvalidInputException($"the request log sample rate must be between 0 and 1, not {RequestLogSampleRate}");
        if (RequestLogPath is not null && string.IsNullOrWhiteSpace(RequestLogPath))
            throw new InvalidInputException("the request log path is blank; leave it unset to log no requests");
        if (MaxRows <= 0) throw new InvalidInputException($"the maximum number of rows must be positive, not {MaxRows}");
        if (DriftWindowRows < 0)
            throw new InvalidInputException($"the drift window must be 0 (no drift gauges) or a number of rows, not {DriftWindowRows}");
    }
}
