using System.Net;
using System.Text;
using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>The local target runs the scoring server as a real background process on loopback.</summary>
[TestFixture, NonParallelizable]
public class DeployTests
{
    [Test]
    public async Task Deploy_serves_the_production_model_and_stop_ends_it()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{Workspace.Dataset("breast_cancer_wisconsin.csv")}} }
            train: { mlnet: { trees: 20 } }
            deploy: { test: { target: local, port: 0 } }
            """);
        Assert.That(ws.Mlops("train", "--output", "m").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "m").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("promote", "cancer:1").ExitCode, Is.EqualTo(0));

        var deploy = ws.Mlops("deploy", "--env", "test");
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.ToString());
        var url = deploy.Stdout.Trim().Split('\n').Last().Trim();
        Assert.That(url, Does.Match(@"^http://127\.0\.0\.1:\d+$"));
        try
        {
            using var http = new HttpClient();
            var header = File.ReadLines(Workspace.Dataset("breast_cancer_wisconsin.csv")).First().Split(',');
            var values = File.ReadLines(Workspace.Dataset("breast_cancer_wisconsin.csv")).Skip(1).First().Split(',');
            var row = header.Zip(values).Where(p => p.First != "diagnosis").ToDictionary(p => p.First, p => (object)double.Parse(p.Second, System.Globalization.CultureInfo.InvariantCulture));
            var response = await http.PostAsync(url + "/score", new StringContent(JsonSerializer.Serialize(new[] { row }), Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            using var doc = JsonDocument.Parse(body);
            var prediction = doc.RootElement.GetProperty("predictions")[0];
            Assert.That(prediction.GetProperty("label").GetString(), Is.EqualTo("malignant"), "the first row of the data set is malignant");
            Assert.That(prediction.GetProperty("probability").GetDouble(), Is.GreaterThan(0.5));

            row.Remove("mean_radius");
            var bad = await http.PostAsync(url + "/score", new StringContent(JsonSerializer.Serialize(new[] { row }), Encoding.UTF8, "application/json"));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await bad.Content.ReadAsStringAsync(), Does.Contain("mean_radius"));
        }
        finally
        {
            var stop = ws.Mlops("deploy", "--env", "test", "--stop");
            Assert.That(stop.ExitCode, Is.EqualTo(0), stop.ToString());
            Assert.That(stop.Stdout, Does.Contain("stopped cancer:1"));
        }
        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        Assert.That(async () => await after.GetAsync(url + "/health/live"), Throws.InstanceOf<HttpRequestException>());
    }
}
