using MlOps.Deployment.Rollout;

namespace MlOps.Deployment.Tests;

/// <summary>Reading the scoring server's /metrics (prometheus-net's text format) into what a canary step is judged on.</summary>
public class PrometheusTextTests
{
    /// <summary>As the scoring server writes it (trimmed to the series the analysis reads, plus neighbours it must ignore).</summary>
    private static string Metrics(int ok, int errors, int clientErrors, int fast, int slow) => $$"""
        # HELP mlops_http_requests_total HTTP requests answered, by route and status code.
        # TYPE mlops_http_requests_total counter
        mlops_http_requests_total{endpoint="/score",status="200"} {{ok}}
        mlops_http_requests_total{endpoint="/score",status="500"} {{errors}}
        mlops_http_requests_total{endpoint="/score",status="400"} {{clientErrors}}
        mlops_http_requests_total{endpoint="/health/ready",status="503"} 7
        # TYPE mlops_http_request_duration_seconds histogram
        mlops_http_request_duration_seconds_sum{endpoint="/score"} 1.5
        mlops_http_request_duration_seconds_count{endpoint="/score"} {{fast + slow}}
        mlops_http_request_duration_seconds_bucket{endpoint="/score",le="0.008"} {{fast}}
        mlops_http_request_duration_seconds_bucket{endpoint="/score",le="0.016"} {{fast}}
        mlops_http_request_duration_seconds_bucket{endpoint="/score",le="0.512"} {{fast + slow}}
        mlops_http_request_duration_seconds_bucket{endpoint="/score",le="+Inf"} {{fast + slow}}
        mlops_http_request_duration_seconds_bucket{endpoint="/metrics",le="+Inf"} 99
        mlops_model_info{name="adult \"income\"\\n",version="adult-income:2",task="binary-classification",format="mlnet"} 1
        """;

    [Test]
    public void Labels_are_unescaped_and_special_values_read()
    {
        var samples = PrometheusText.Parse("a_total{x=\"q\\\"uote\\\\ \\n\",y=\"\"} +Inf 1700000000\nb NaN\r\nc -1.5e3\n");
        Assert.That(samples[0].Labels["x"], Is.EqualTo("q\"uote\\ \n"));
        Assert.That(samples[0].Labels["y"], Is.EqualTo(""));
        Assert.That(samples[0].Value, Is.EqualTo(double.PositiveInfinity), "a trailing timestamp is ignored");
        Assert.That(double.IsNaN(samples[1].Value));
        Assert.That(samples[2].Value, Is.EqualTo(-1500));
    }

    [Test]
    public void A_malformed_line_names_its_line_number()
    {
        var e = Assert.Throws<FormatException>(() => PrometheusText.Parse("# ok\nok 1\nbroken{endpoint=\"/score\" 3\n"));
        Assert.That(e!.Message, Does.Contain("line 3"));
        Assert.That(e.Message, Does.Contain("broken{endpoint"));
    }

    [Test]
    public void A_step_counts_score_requests_5xx_and_4xx_since_its_start_ignoring_other_routes()
    {
        var before = ScoringSnapshot.From(PrometheusText.Parse(Metrics(ok: 100, errors: 1, clientErrors: 5, fast: 100, slow: 6)));
        var after = ScoringSnapshot.From(PrometheusText.Parse(Metrics(ok: 180, errors: 21, clientErrors: 5, fast: 180, slow: 26)));
        var step = after.Since(before);
        Assert.That(step.Requests, Is.EqualTo(100), "80 ok + 20 errors during the step; /health is not scoring traffic");
        Assert.That(step.ServerErrors, Is.EqualTo(20));
        Assert.That(step.ErrorRate, Is.EqualTo(0.2).Within(1e-9));
        Assert.That(step.ClientErrors, Is.Zero, "the 5 refused requests came before the step");

        var refusing = ScoringSnapshot.From(PrometheusText.Parse(Metrics(ok: 180, errors: 21, clientErrors: 30, fast: 205, slow: 26))).Since(before);
        Assert.That(refusing.ClientErrors, Is.EqualTo(25));
        Assert.That(refusing.ClientErrorRate, Is.EqualTo(25.0 / 125).Within(1e-9));
        Assert.That(refusing.ErrorRate, Is.EqualTo(20.0 / 125).Within(1e-9), "4xx are not server errors");
    }

    [Test]
    public void P99_is_interpolated_within_its_bucket_from_the_step_s_requests_only()
    {
        var before = ScoringSnapshot.From(PrometheusText.Parse(Metrics(100, 0, 0, fast: 100, slow: 0)));
        // The step: 98 fast requests (≤ 8 ms) and 2 slow ones (16-512 ms); rank 99 of 100 is halfway into the slow bucket.
        var after = ScoringSnapshot.From(PrometheusText.Parse(Metrics(200, 0, 0, fast: 198, slow: 2)));
        Assert.That(after.Since(before).QuantileMilliseconds(0.99), Is.EqualTo(264).Within(0.01));
        Assert.That(after.Since(before).QuantileMilliseconds(0.5), Is.LessThanOrEqualTo(8));
    }

    [Test]
    public void A_quantile_beyond_the_last_bucket_is_infinite_and_without_requests_unknown()
    {
        var slow = ScoringSnapshot.From(PrometheusText.Parse("""
            mlops_http_requests_total{endpoint="/score",status="200"} 10
            mlops_http_request_duration_seconds_bucket{endpoint="/score",le="0.5"} 1
            mlops_http_request_duration_seconds_bucket{endpoint="/score",le="+Inf"} 10
            """));
        Assert.That(slow.QuantileMilliseconds(0.99), Is.EqualTo(double.PositiveInfinity));
        Assert.That(double.IsNaN(ScoringSnapshot.From([]).QuantileMilliseconds(0.99)));
    }
}
