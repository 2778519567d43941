using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MlOps.EndToEnd;

/// <summary>`mlops serve` as a process: the key from MLOPS_API_KEY guards scoring, the request log is written and flushed on SIGTERM.</summary>
public class ServeProcessTests
{
    [Test]
    public async Task Serve_requires_the_key_from_the_environment_and_logs_requests_until_stopped()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("iris.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: iris, task: multiclass-classification, label: species }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 10, min-leaf: 2 } }
            """);
        Assert.That(ws.Mlops("train", "--output", "a").ExitCode, Is.EqualTo(0));

        const string key = "s3cret-key-for-the-test";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = ws.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { MlOpsCli.Dll, "serve", "--model", "a", "--port", "0", "--url-file", "url.txt", "--request-log", "requests.jsonl" })
            start.ArgumentList.Add(a);
        start.Environment["MLOPS_API_KEY"] = key;
        using var server = Process.Start(start)!;
        var output = new StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var urlFile = ws.PathOf("url.txt");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(urlFile) && DateTime.UtcNow < deadline && !server.HasExited) await Task.Delay(100);
            Assert.That(File.Exists(urlFile), Is.True, $"the server did not become ready:\n{output}");
            var url = File.ReadAllText(urlFile).Trim();
            using var http = new HttpClient();
            const string body = """[{"sepal_length_cm": 5.1, "sepal_width_cm": 3.5, "petal_length_cm": 1.4, "petal_width_cm": 0.2}]""";

            var anonymous = await http.PostAsync($"{url}/score", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await anonymous.Content.ReadAsStringAsync(), Does.Not.Contain(key));

            using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/score") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var scored = await http.SendAsync(request);
            Assert.That(scored.StatusCode, Is.EqualTo(HttpStatusCode.OK), await scored.Content.ReadAsStringAsync());
            Assert.That(await scored.Content.ReadAsStringAsync(), Does.Contain("setosa"));
            Assert.That((await http.GetAsync($"{url}/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "health needs no key");
        }
        finally
        {
            if (!server.HasExited) Process.Start("kill", ["-TERM", server.Id.ToString()])!.WaitForExit();
            if (!server.WaitForExit(20_000)) server.Kill(entireProcessTree: true);
        }
        var lines = File.ReadAllLines(ws.PathOf("requests.jsonl"));
        Assert.That(lines, Has.Length.EqualTo(1), "one scored request, flushed on SIGTERM");
        Assert.That(lines[0], Does.Contain("\"sepal_length_cm\"").And.Contain("setosa"));
        Assert.That(output.ToString() + lines[0], Does.Not.Contain(key), "the key never reaches a log");
    }
}
