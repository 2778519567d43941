using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using MlOps.Core.Modeling;
using Prometheus;

namespace MlOps.Server;

/// <summary>
/// The Prometheus metrics GET /metrics exposes (prometheus-net). A registry of its own per server rather than the
/// library's static default one, so two servers in one process (tests, a canary beside production) never mix counts.
/// </summary>
public sealed class ServerMetrics
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Counter _errors;
    private readonly Counter _rows;
    private readonly ConcurrentDictionary<(string Endpoint, int Status), (Counter.Child Requests, Histogram.Child Duration, Counter.Child? Errors)> _series = new();

    public ServerMetrics(ModelCard card, string reference)
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        _requests = factory.CreateCounter("mlops_http_requests_total", "HTTP requests answered, by route and status code.", "endpoint", "status");
        // 0.5 ms to about 16 s: a fast model answers in a millisecond, a big batch can take seconds.
        _duration = factory.CreateHistogram("mlops_http_request_duration_seconds", "Time to answer a request, by route.",
            new HistogramConfiguration { LabelNames = ["endpoint"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        _errors = factory.CreateCounter("mlops_http_errors_total",
            "Requests answered with an error: kind=client for 4xx (bad input, auth), kind=server for 5xx (the model failed).", "endpoint", "kind");
        _rows = factory.CreateCounter("mlops_scored_rows_total", "Rows scored successfully.");
        // An info metric (always 1): dashboards join on it to show which model version served the traffic.
        factory.CreateGauge("mlops_model_info", "The model this server serves.", "name", "version", "task", "format")
            .WithLabels(card.Name, reference, card.Task.ToName(), card.Format).Set(1);
    }

    public void Observe(string endpoint, int status, TimeSpan elapsed)
    {
        if (!_series.TryGetValue((endpoint, status), out var series)) series = _series.GetOrAdd((endpoint, status), Series((endpoint, status)));
        series.Requests.Inc();
        series.Duration.Observe(elapsed.TotalSeconds);
        series.Errors?.Inc();
    }

    /// <summary>
    /// The labelled children of one route and status, looked up once: finding them by label values formatted and
    /// hashed the labels on every request. Endpoints are route patterns and statuses a few codes, so this stays small.
    /// </summary>
    private (Counter.Child Requests, Histogram.Child Duration, Counter.Child? Errors) Series((string Endpoint, int Status) key) =>
        (_requests.WithLabels(key.Endpoint, key.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
         _duration.WithLabels(key.Endpoint),
         key.Status >= 400 ? _errors.WithLabels(key.Endpoint, key.Status >= 500 ? "server" : "client") : null);

    public void Scored(int rows) => _rows.Inc(rows);

    /// <summary>Drift gauges, measured from the tracker's window each time /metrics is scraped.</summary>
    public void AddDrift(DriftTracker drift)
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        var windowRows = factory.CreateGauge("mlops_drift_window_rows", "Scored rows the drift gauges are computed over (the sliding window).");
        var features = factory.CreateGauge("mlops_feature_drift_psi",
            "Population stability index of each feature over the window against the training data (NaN until a row is scored).", "feature");
        var series = drift.Features.Select(n => features.WithLabels(n)).ToArray();
        var prediction = drift.TracksPrediction
            ? factory.CreateGauge("mlops_prediction_drift_psi", "Population stability index of the predictions over the window against the model's predictions on its training data.")
            : null;
        _registry.AddBeforeCollectCallback(() =>
        {
            var (rows, featurePsi, predictionPsi) = drift.Measure();
            windowRows.Set(rows);
            for (var i = 0; i < series.Length; i++) series[i].Set(featurePsi[i]);
            if (predictionPsi is { } p) prediction!.Set(p);
        });
    }

    public async Task WriteAsync(HttpContext http)
    {
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await _registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
    }
}
