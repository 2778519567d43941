using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using MlOps.Azure;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aci;

/// <summary>
/// The <c>aci</c> target: one container group per environment (REST api 2025-09-01 over <see cref="ArmPipeline"/>).
/// Deploy PUTs the group, polls it until provisioned and running (or failed, or the timeout), then smoke-tests
/// http://FQDN:8080/health/ready. On failure it shows the service's events and the container's log, and says what
/// is left in Azure and how to delete it.
/// </summary>
/// <param name="secrets">Read only when deploying: stopping or reading status needs no registry password.</param>
/// <param name="credential">The Azure credential's kind, named in 401/403 messages.</param>
/// <param name="smokeHandler">Sends the smoke test's requests (tests route them to a loopback fake).</param>
public sealed class AciTarget(AciSettings settings, ArmPipeline arm, Func<AciSecrets> secrets, string credential,
    HttpMessageHandler? smokeHandler = null, TimeProvider? clock = null) : IDeploymentTarget
{
    public const string ApiVersion = "2025-09-01";
    private const int LogTail = 50;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Kind => "aci";

    public bool NeedsImage => true;

    /// <summary>Options for <see cref="ArmPipeline"/> talking to Microsoft.ContainerInstance instead of Azure ML.</summary>
    public static AzureMlClientOptions Options(AzureMlClientOptions options)
    {
        options.ApiVersion = ApiVersion;
        options.ServiceName = AciErrors.Service;
        return options;
    }

    public string ResourceId =>
        $"/subscriptions/{Uri.EscapeDataString(settings.Subscription)}/resourceGroups/{Uri.EscapeDataString(settings.ResourceGroup)}" +
        $"/providers/Microsoft.ContainerInstance/containerGroups/{settings.ContainerGroup}";

    public async Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        var image = request.Image is { Length: > 0 } i ? i
            : throw new InvalidInputException($"target aci runs a container image: pass --image REGISTRY/NAME:TAG or --package DIR (the output folder of 'mlops package')");
        var deadline = _clock.GetUtcNow() + settings.Timeout;
        var body = AciContainerGroup.Body(settings, request.Environment, request.ModelReference, image, secrets());
        try
        {
            await Guard(() => arm.SendAsync(RequestMethod.Put, arm.Uri(ResourceId), body, null, [200, 201], cancellationToken),
                $"creating container group '{settings.ContainerGroup}'", request.Environment);
        }
        // A refused PUT changes nothing: saying so spares the user a look in the portal for something to clean up.
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{e.Message} Nothing was created or changed in Azure.", e);
        }
        catch (ExternalFailureException e)
        {
            throw new ExternalFailureException($"{e.Message} Nothing was created or changed in Azure.", e);
        }

        var view = await WaitForRunningAsync(request.Environment, deadline, cancellationToken);
        var url = $"http://{view.Fqdn ?? $"{settings.DnsLabel}.{settings.Location.Replace(" ", "").ToLowerInvariant()}.azurecontainer.io"}:{AciContainerGroup.Port}";
        await SmokeTestAsync(request.Environment, url, deadline, cancellationToken);
        return new DeploymentState(request.Environment, Kind, url, request.ModelReference, 0, "", _clock.GetUtcNow())
        {
            Image = image,
            ResourceId = ResourceId,
        };
    }

    public async Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(environment, cancellationToken);
        return view is null ? null : new DeploymentStatus(State(environment, view), view.Running, view.Describe());
    }

    public async Task<string> LogsAsync(string environment, int tail = LogTail, CancellationToken cancellationToken = default)
    {
        var result = await Guard(() => arm.SendJsonAsync(RequestMethod.Get, $"{ResourceId}/containers/{settings.ContainerGroup}/logs", null, null,
            cancellationToken, ("tail", tail.ToString(System.Globalization.CultureInfo.InvariantCulture))), $"reading the logs of '{settings.ContainerGroup}'", environment);
        return result.Body?["content"]?.GetValue<string>() ?? "";
    }

    public async Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(environment, cancellationToken);
        if (view is null) return null;
        // Follows the 202 + Azure-AsyncOperation answer until the group is really gone: a redeploy right after must not meet it.
        await Guard(() => arm.SendJsonAsync(RequestMethod.Delete, ResourceId, cancellationToken: cancellationToken),
            $"deleting container group '{settings.ContainerGroup}'", environment);
        return State(environment, view);
    }

    private DeploymentState State(string environment, AciGroupView view) =>
        new(environment, Kind, view.Fqdn is null ? "" : $"http://{view.Fqdn}:{AciContainerGroup.Port}",
            view.Tags.GetValueOrDefault(AciContainerGroup.ModelTag) ?? "?", 0, "", _clock.GetUtcNow())
        {
            Image = view.Image,
            ResourceId = ResourceId,
        };

    private async Task<AciGroupView?> GetAsync(string environment, CancellationToken ct)
    {
        var found = await Guard(() => arm.TryGetAsync(ResourceId, ct), $"reading container group '{settings.ContainerGroup}'", environment);
        return found?.Body is { } body ? AciGroupView.Parse(body) : null;
    }

    private async Task<AciGroupView> WaitForRunningAsync(string environment, DateTimeOffset deadline, CancellationToken ct)
    {
        while (true)
        {
            var view = await GetAsync(environment, ct)
                ?? throw new ExternalFailureException($"container group '{settings.ContainerGroup}' disappeared while it was being created (deleted by someone else?)");
            if (view.Running) return view;
            if (view.Failed)
                throw await FailureAsync(environment, $"{AciErrors.Service} could not start container group '{settings.ContainerGroup}' ({view.Describe()})", view, ct);
            if (_clock.GetUtcNow() >= deadline)
                throw await FailureAsync(environment,
                    $"container group '{settings.ContainerGroup}' was not running within {Minutes(settings.Timeout)} (deploy.{environment}.timeout-minutes); last {view.Describe()}", view, ct);
            await Task.Delay(arm.Options.PollInterval, _clock, ct);
        }
    }

    /// <summary>ACI reports the group running before DNS has spread and the model is loaded: retried until the deadline.</summary>
    private async Task SmokeTestAsync(string environment, string url, DateTimeOffset deadline, CancellationToken ct)
    {
        using var http = new HttpClient(smokeHandler ?? new SocketsHttpHandler(), disposeHandler: smokeHandler is null) { Timeout = TimeSpan.FromSeconds(10) };
        var last = "";
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"{url}/health/ready", ct);
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e.Message;
            }
            if (_clock.GetUtcNow() >= deadline)
            {
                var view = await GetAsync(environment, ct);
                throw await FailureAsync(environment, $"{url}/health/ready did not answer 200 within {Minutes(settings.Timeout)} " +
                                                      $"(deploy.{environment}.timeout-minutes); last answer: {last}", view, ct);
            }
            await Task.Delay(arm.Options.PollInterval, _clock, ct);
        }
    }

    /// <summary>The error for a deployment that did not come up: the service's events, the container log, and what is left.</summary>
    private async Task<MlOpsException> FailureAsync(string environment, string what, AciGroupView? view, CancellationToken ct)
    {
        var text = new StringBuilder(what).Append('\n');
        if (view is { Events.Count: > 0 })
        {
            text.Append("events:\n");
            foreach (var e in view.Events) text.Append("  ").Append(e).Append('\n');
        }
        try
        {
            var log = await LogsAsync(environment, LogTail, ct);
            text.Append($"log of container {settings.ContainerGroup} (last {LogTail} lines):\n");
            foreach (var line in (log.Length == 0 ? "(empty)" : log).Split('\n')) text.Append("  ").Append(line).Append('\n');
        }
        catch (MlOpsException e)
        {
            text.Append($"(the container log could not be read: {e.Message})\n");
        }
        text.Append($"Left in Azure: container group '{settings.ContainerGroup}' in resource group '{settings.ResourceGroup}' " +
                    "(kept so its events and logs can be inspected; it serves no ready endpoint). " +
                    $"Delete it with: mlops deploy --env {environment} --stop");
        return new ExternalFailureException(text.ToString());
    }

    private Task<T> Guard<T>(Func<Task<T>> call, string doing, string environment) =>
        AciErrors.GuardAsync(call, doing, environment, settings, credential);

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0.#} s";
}
