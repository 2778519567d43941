using System.Net;

namespace MlOps.Server.Tests;

/// <summary>GET /metrics is Prometheus text a scraper can read: requests by status, latency, errors, rows and the model.</summary>
public class MetricsTests : ServerTestBase
{
    [Test]
    public async Task Scores_errors_and_the_model_version_show_up_in_the_Prometheus_text()
    {
        var model = new FakeBinaryModel();
        var url = await Start(model);
        await Post(url, """[{"age": 1, "sex": "a"}, {"age": 2, "sex": "b"}]""");
        await Post(url, """{"age": [3], "sex": ["c"]}""");
        await Post(url, """[{"age": "x", "sex": "a"}]""");
        model.Override = _ => throw new InvalidOperationException("broken");
        await Post(url, """[{"age": 1, "sex": "a"}]""");
        await Http.GetAsync(url + "/no/such/path");

        using var response = await Http.GetAsync(url + "/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(Sample(text, """mlops_http_requests_total{endpoint="/score",status="200"}"""), Is.EqualTo(2));
        Assert.That(Sample(text, """mlops_http_requests_total{endpoint="/score",status="400"}"""), Is.EqualTo(1));
        Assert.That(Sample(text, """mlops_http_requests_total{endpoint="/score",status="500"}"""), Is.EqualTo(1));
        Assert.That(Sample(text, """mlops_http_requests_total{endpoint="unmatched",status="404"}"""), Is.EqualTo(1), "paths are not labels");
        Assert.That(Sample(text, """mlops_http_errors_total{endpoint="/score",kind="client"}"""), Is.EqualTo(1));
        Assert.That(Sample(text, """mlops_http_errors_total{endpoint="/score",kind="server"}"""), Is.EqualTo(1));
        Assert.That(Sample(text, "mlops_scored_rows_total"), Is.EqualTo(3), "rows of successful requests only");
        Assert.That(Sample(text, """mlops_http_request_duration_seconds_count{endpoint="/score"}"""), Is.EqualTo(4));
        Assert.That(Sample(text, """mlops_http_request_duration_seconds_sum{endpoint="/score"}"""), Is.GreaterThan(0));
        Assert.That(Sample(text, """mlops_model_info{name="income",version="income:3",task="binary-classification",format="mlnet"}"""), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_servers_in_one_process_keep_their_own_counts()
    {
        var first = await Start(new FakeBinaryModel());
        var second = await Start(new FakeRegressionModel(), new ScoringServerOptions(ModelReference: "houses:7"));
        await Post(first, """[{"age": 1, "sex": "a"}]""");

        var text = await Http.GetStringAsync(second + "/metrics");

        Assert.That(text, Does.Not.Contain("""endpoint="/score",status="200"}"""));
        Assert.That(Sample(text, """mlops_model_info{name="houses",version="houses:7",task="regression",format="mlnet"}"""), Is.EqualTo(1));
        Assert.That(text, Does.Not.Contain("income"));
    }
}
