using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>A submitted job: its remaining script, current status and whether a cancel arrived.</summary>
internal sealed class FakeJob(string name, Queue<string> script, string outputUri, bool distributed)
{
    /// <summary>Azure ML writes one std_log per process for distributed jobs; rank 0's is the one to follow.</summary>
    public string LogFile => distributed ? "std_log_process_0.txt" : "std_log.txt";

    public string Name { get; } = name;
    public Queue<string> Script { get; } = script;
    public string OutputUri { get; } = outputUri;
    public string Status { get; set; } = "NotStarted";
    public bool CancelRequested { get; set; }
}

/// <summary>Jobs: submit (shape-checked against the command job fixture), a status per GET, logs and outputs written to the fake storage, cancel.</summary>
internal sealed partial class FakeArmHandler
{
    private const string JobFixture = "Job/CommandJob/createOrUpdate.json";

    // Properties of CommandJob in the 2025-12-01 schema that the TensorFlow example does not show.
    private static readonly string[] JobExtras =
        ["properties.distribution.processCountPerInstance", "properties.inputs.*.uri", "properties.inputs.*.mode"];

    private async Task SubmitJobAsync(HttpContext context, string path, string name, JsonNode? body)
    {
        var problem = ShapeCheck.Find(body, Fixtures.RequestBody(JobFixture), JobExtras);
        var properties = body?["properties"];
        problem ??= Missing(properties, "codeId", "environmentId", "computeId", "command");
        if (problem is null && !Exists(properties!["codeId"]!.GetValue<string>())) problem = "codeId names no code version";
        if (problem is null && !Exists(properties!["environmentId"]!.GetValue<string>())) problem = "environmentId names no environment version";
        var outputUri = properties?["outputs"]?["model"]?["uri"]?.GetValue<string>();
        if (problem is null && outputUri is null) problem = "no model output";
        if (problem is not null)
        {
            await FakeHttp.ErrorAsync(context, 400, "BadRequest", problem);
            return;
        }
        var resource = new FakeResource(body!.AsObject(), $"\"{Guid.NewGuid():N}\"", DateTimeOffset.UtcNow);
        lock (_lock)
        {
            _resources[path] = resource;
            Jobs[name] = new FakeJob(name, new Queue<string>(JobScript), outputUri!, properties?["distribution"] is not null);
        }
        await FakeHttp.JsonAsync(context, 201, Answer(JobFixture, 201, path, resource, "NotStarted"));
    }

    private async Task GetJobAsync(HttpContext context, string path, string name)
    {
        FakeResource? resource;
        FakeJob? job;
        lock (_lock)
        {
            _resources.TryGetValue(path, out resource);
            Jobs.TryGetValue(name, out job);
        }
        if (resource is null || job is null)
        {
            await FakeHttp.ErrorAsync(context, 404, "NotFound", $"job {name} not found");
            return;
        }
        Advance(job);
        await FakeHttp.JsonAsync(context, 200, Answer("Job/CommandJob/get.json", 200, path, resource, job.Status));
    }

    private async Task CancelJobAsync(HttpContext context, string path, string name)
    {
        FakeJob? job;
        lock (_lock) Jobs.TryGetValue(name, out job);
        if (job is null)
        {
            await FakeHttp.ErrorAsync(context, 404, "NotFound", $"job {name} not found");
            return;
        }
        job.CancelRequested = true;
        job.Status = "CancelRequested";
        // The fixture's 202 carries a location header pointing at the job; ours points at the real job URL.
        var location = Fixtures.Load("Job/cancel.json")["responses"]!["202"]!["headers"]!["location"]!.GetValue<string>();
        context.Response.Headers.Location = location.Contains("/jobs/") ? $"{fake.BaseUri.ToString().TrimEnd('/')}{path}" : location;
        context.Response.StatusCode = 202;
    }

    /// <summary>One step of the script per poll; entering Running / a terminal state writes log lines and outputs.</summary>
    private void Advance(FakeJob job)
    {
        lock (job)
        {
            if (job.CancelRequested)
            {
                job.Status = "Canceled";
                return;
            }
            if (job.Script.Count == 0) return;
            job.Status = job.Script.Dequeue();
            var log = $"ExperimentRun/dcid.{job.Name}/user_logs/{job.LogFile}";
            switch (job.Status)
            {
                case "Running":
                    fake.Blobs.Append(FakeAzureMl.StorageAccount, "azureml", log, string.Concat(JobLogLines.Select(l => l + "\n")));
                    break;
                case "Completed":
                    fake.Blobs.Append(FakeAzureMl.StorageAccount, "azureml", log, "training finished\n");
                    var folder = job.OutputUri.Split("/paths/")[1].Trim('/');
                    foreach (var (file, content) in JobOutputs)
                        fake.Blobs.Put(FakeAzureMl.StorageAccount, "azureml-blobstore", $"{folder}/{file}", content);
                    break;
                case "Failed":
                    fake.Blobs.Append(FakeAzureMl.StorageAccount, "azureml", log, "Traceback (most recent call last):\nValueError: label column missing\n");
                    break;
            }
        }
    }

    private bool Exists(string armId)
    {
        lock (_lock) return _resources.ContainsKey(armId);
    }

    private static string? Missing(JsonNode? properties, params string[] names) =>
        names.FirstOrDefault(n => properties?[n] is null) is { } missing ? $"properties.{missing} is required" : null;
}
