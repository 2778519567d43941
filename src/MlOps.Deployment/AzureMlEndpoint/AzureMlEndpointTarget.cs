using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Azure;
using MlOps.Azure.AzureMl;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Deployment.Rollout;

namespace MlOps.Deployment.AzureMlEndpoint;

/// <summary>
/// The <c>azureml-endpoint</c> target: an Azure ML managed online endpoint per environment whose deployments run the
/// packaged image. A deploy is blue/green: the new deployment is created beside the live one, smoke-tested through the
/// scoring URI with the <c>azureml-model-deployment</c> header, then gets 100% of the traffic and the old one is deleted.
/// Until that switch the live deployment keeps all the traffic, also when the new one fails. As an
/// <see cref="ITrafficSplitTarget"/> it lets canary rollouts and online A/B run a candidate beside the live version.
/// </summary>
/// <param name="credential">The Azure credential's kind, named in 401/403 messages.</param>
/// <param name="mask">The CI host's SetSecret: endpoint keys and tokens are masked as soon as they are read.</param>
/// <param name="scoringHandler">Sends the smoke test's requests (tests trust the fake's certificate with it).</param>
public sealed class AzureMlEndpointTarget(AzureMlEndpointSettings settings, ArmPipeline arm, string credential, Action<string> mask,
    HttpMessageHandler? scoringHandler = null, TimeProvider? clock = null) : ITrafficSplitTarget
{
    private const int LogTail = 50;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly OnlineEndpointsClient _endpoints =
        new(AzureMlScope.ForWorkspace(settings.Subscription, settings.ResourceGroup, settings.Workspace), arm);

    public string Kind => "azureml-endpoint";

    public bool NeedsImage => true;

    /// <summary>Readiness of an online deployment says little about its scoring script: one row goes through the scoring URI.</summary>
    public bool SendsSampleRow => true;

    private string Endpoint => settings.Endpoint;

    public async Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        var (endpoint, name, deployment) = await StartAsync(request, cancellationToken);
        var env = request.Environment;
        var live = endpoint.Live;
        endpoint = await PutTrafficAsync(env, name, new() { [name] = 100 }, new(), $"moving 100% of the traffic to deployment '{name}'", cancellationToken);
        if (live is not null && live != name)
        {
            try
            {
                await Guard(() => Done(_endpoints.DeleteDeploymentAsync(Endpoint, live, cancellationToken)), $"deleting the old deployment '{live}'", env);
            }
            catch (MlOpsException e)
            {
                throw new ExternalFailureException($"{request.ModelReference} serves 100% of endpoint '{Endpoint}' from deployment '{name}', but the old " +
                                                   $"deployment '{live}' could not be deleted and still costs instances: {e.Message}", e);
            }
        }
        return State(env, endpoint, deployment);
    }

    public async Task<DeploymentState> StartCandidateAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        var (endpoint, _, deployment) = await StartAsync(request, cancellationToken);
        return State(request.Environment, endpoint, deployment);
    }

    public async Task SetTrafficAsync(string environment, TrafficSplit split, CancellationToken cancellationToken = default)
    {
        if (split.CandidatePercent is < 0 or > 100 || split.MirrorPercent is < 0 or > 50)
            throw new InvalidInputException($"a traffic split for Azure ML sends 0-100% of live traffic and mirrors 0-50% (Azure ML's limit for " +
                                            $"mirrored traffic); asked: {split.CandidatePercent}% live, {split.MirrorPercent}% mirrored");
        // Azure ML's rule: one deployment gets live traffic or mirrored traffic, never both.
        if (split.CandidatePercent > 0 && split.MirrorPercent > 0)
            throw new InvalidInputException($"Azure ML cannot send live and mirrored traffic to the same deployment; asked: {split.CandidatePercent}% " +
                                            $"live and {split.MirrorPercent}% mirrored to the candidate. Mirror first (0% live) or shift live traffic (0% mirrored).");
        var (_, live, candidate) = await LiveAndCandidateAsync(environment, cancellationToken);
        var traffic = new Dictionary<string, int> { [live] = 100 - split.CandidatePercent, [candidate] = split.CandidatePercent };
        var mirror = split.MirrorPercent > 0 ? new Dictionary<string, int> { [candidate] = split.MirrorPercent } : new Dictionary<string, int>();
        await PutTrafficAsync(environment, live, traffic, mirror,
            $"routing {split.CandidatePercent}% to candidate '{candidate}' (mirroring {split.MirrorPercent}%)", cancellationToken);
    }

    public async Task<IReadOnlyList<VariantEndpoint>> VariantsAsync(string environment, CancellationToken cancellationToken = default)
    {
        var endpoint = await GetEndpointAsync(environment, cancellationToken);
        if (endpoint?.ScoringUri is null) return [];
        var key = await ScoringCredentialAsync(environment, cancellationToken);
        // Azure ML exposes only the scoring route: the base is the scoring URI without "score", which clients append.
        var scoring = new Uri(endpoint.ScoringUri);
        var baseUrl = new Uri(scoring, ".");
        var variants = new List<VariantEndpoint>();
        foreach (var d in await DeploymentsAsync(environment, cancellationToken))
            variants.Add(new VariantEndpoint(d.Name == endpoint.Live ? "live" : "candidate", d.ModelReference ?? "?", baseUrl,
                new Dictionary<string, string> { [ScoringSmokeTest.DeploymentHeader] = d.Name, ["Authorization"] = $"Bearer {key}" })
            {
                ServerRoutes = false,
            });
        return variants.OrderBy(v => v.Role == "live" ? 0 : 1).ToList();
    }

    public async Task<DeploymentState> PromoteCandidateAsync(string environment, CancellationToken cancellationToken = default)
    {
        var (_, live, candidate) = await LiveAndCandidateAsync(environment, cancellationToken);
        var endpoint = await PutTrafficAsync(environment, candidate, new() { [candidate] = 100 }, new(), $"promoting candidate '{candidate}'", cancellationToken);
        await Guard(() => Done(_endpoints.DeleteDeploymentAsync(Endpoint, live, cancellationToken)), $"deleting the old deployment '{live}'", environment);
        return State(environment, endpoint, await GetDeploymentAsync(environment, candidate, cancellationToken));
    }

    public async Task<DeploymentState?> RollbackCandidateAsync(string environment, CancellationToken cancellationToken = default)
    {
        var endpoint = await GetEndpointAsync(environment, cancellationToken);
        if (endpoint?.Live is not { } live) return null;
        var candidate = (await DeploymentsAsync(environment, cancellationToken)).FirstOrDefault(d => d.Name != live);
        if (candidate is null) return null;
        // Traffic first: Azure ML refuses to delete a deployment that still receives (or mirrors) traffic.
        endpoint = await PutTrafficAsync(environment, live, new() { [live] = 100 }, new(), $"moving all traffic back to '{live}'", cancellationToken);
        await Guard(() => Done(_endpoints.DeleteDeploymentAsync(Endpoint, candidate.Name, cancellationToken)), $"deleting candidate '{candidate.Name}'", environment);
        return State(environment, endpoint, candidate);
    }

    public async Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default)
    {
        var endpoint = await GetEndpointAsync(environment, cancellationToken);
        if (endpoint is null) return null;
        var deployments = await DeploymentsAsync(environment, cancellationToken);
        var live = deployments.FirstOrDefault(d => d.Name == endpoint.Live);
        var detail = $"endpoint {endpoint.ProvisioningState}; {endpoint.DescribeTraffic()}; deployments: " +
                     (deployments.Count == 0 ? "none" : string.Join(", ", deployments.Select(d => $"{d.Name} {d.ProvisioningState} ({d.ModelReference ?? "?"})")));
        return new DeploymentStatus(State(environment, endpoint, live), endpoint.Succeeded && live is { Succeeded: true } && endpoint.TrafficOf(live.Name) > 0, detail);
    }

    public async Task<string> LogsAsync(string environment, int tail = LogTail, CancellationToken cancellationToken = default)
    {
        var endpoint = await GetEndpointAsync(environment, cancellationToken);
        if (endpoint?.Live is not { } live) return "";
        return await Guard(() => _endpoints.GetLogsAsync(Endpoint, live, tail, cancellationToken: cancellationToken), $"reading the logs of deployment '{live}'", environment);
    }

    public async Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default)
    {
        var endpoint = await GetEndpointAsync(environment, cancellationToken);
        if (endpoint is null) return null;
        var live = (await DeploymentsAsync(environment, cancellationToken)).FirstOrDefault(d => d.Name == endpoint.Live);
        // Deleting the endpoint deletes its deployments; the call returns once Azure ML says they are gone.
        await Guard(() => Done(_endpoints.DeleteEndpointAsync(Endpoint, cancellationToken)), $"deleting online endpoint '{Endpoint}'", environment);
        return State(environment, endpoint, live);
    }

    /// <summary>
    /// The common start of a deploy and a candidate: the endpoint (created when missing), a new deployment beside the
    /// live one, and the smoke test. On any failure the new deployment is deleted and the live one was never touched.
    /// </summary>
    private async Task<(OnlineEndpointView Endpoint, string Name, OnlineDeploymentView Deployment)> StartAsync(DeploymentRequest request, CancellationToken ct)
    {
        var image = request.Image is { Length: > 0 } i ? i
            : throw new InvalidInputException($"target {Kind} runs a container image: pass --image REGISTRY/NAME:TAG or --package DIR (the output folder of 'mlops package')");
        var env = request.Environment;
        var deadline = _clock.GetUtcNow() + settings.Timeout;
        var endpoint = await GetEndpointAsync(env, ct) ?? await CreateEndpointAsync(env, ct);
        var live = endpoint.Live;
        var name = DeploymentNaming.Next(settings.DeploymentNames, request.ModelReference, live);
        if (endpoint.TrafficOf(name) > 0 || endpoint.Mirror.GetValueOrDefault(name) > 0)
            throw new InvalidInputException($"deployment '{name}' of endpoint '{Endpoint}' is a candidate in rollout ({endpoint.DescribeTraffic()}); " +
                                            "promote it or roll it back before deploying another version");
        var keeps = live is null ? $"Endpoint '{Endpoint}' had no live deployment, so nothing served traffic before and nothing does now."
            : $"The live deployment '{live}' keeps 100% of the traffic of endpoint '{Endpoint}'; nothing was switched.";

        var environmentId = await Guard(() => new EnvironmentsClient(_endpoints.Scope, arm).CreateOrUpdateAsync(
            $"{Endpoint}-image", ImageVersion(image), image, null, ct, OnlineEndpointBodies.Routes), $"creating the environment of image {image}", env);
        var body = OnlineEndpointBodies.Deployment(settings, env, request.ModelReference, image, environmentId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline - _clock.GetUtcNow());
        OnlineDeploymentView deployment;
        try
        {
            deployment = OnlineDeploymentView.Parse(await _endpoints.PutDeploymentAsync(Endpoint, name, body, timeout.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw await FailureAsync(env, name, $"deployment '{name}' of endpoint '{Endpoint}' was not provisioned within {Minutes(settings.Timeout)} " +
                                                 $"(deploy.{env}.timeout-minutes)", keeps, null, ct);
        }
        catch (ArmOperationFailedException e)
        {
            throw await FailureAsync(env, name, $"Azure ML could not provision deployment '{name}' of endpoint '{Endpoint}' (ended {e.Outcome}" +
                (e.ErrorCode is null ? "" : $", {e.ErrorCode}") + $"): {e.Reason ?? "no reason given"}", keeps,
                AzureMlEndpointErrors.Map(e, $"creating deployment '{name}'", env, settings, credential), ct);
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException or HttpRequestException)
        {
            // Refused outright (credentials, role, quota, a bad setting): Azure ML created nothing.
            var mapped = AzureMlEndpointErrors.Map(e, $"creating deployment '{name}' of endpoint '{Endpoint}'", env, settings, credential);
            throw Rewrap(mapped, $"{mapped.Message} {keeps}");
        }

        var smoke = await new ScoringSmokeTest(scoringHandler, _clock, arm.Options.PollInterval).RunAsync(
            new Uri(endpoint.ScoringUri ?? throw new ExternalFailureException($"endpoint '{Endpoint}' has no scoringUri (provisioningState {endpoint.ProvisioningState})")),
            name, await ScoringCredentialAsync(env, ct), request.SampleBody ?? ScoringSmokeTest.Body(request.ModelPath), deadline, ct);
        if (smoke is not null)
            throw await FailureAsync(env, name, $"the smoke test of deployment '{name}' through {endpoint.ScoringUri} (header {ScoringSmokeTest.DeploymentHeader}: " +
                                                $"{name}) did not answer 2xx within {Minutes(settings.Timeout)}; last answer: {smoke}", keeps, null, ct);
        return (endpoint, name, deployment);
    }

    private async Task<OnlineEndpointView> CreateEndpointAsync(string environment, CancellationToken ct)
    {
        var body = OnlineEndpointBodies.Endpoint(settings, environment, null, new Dictionary<string, int>(), new Dictionary<string, int>());
        return OnlineEndpointView.Parse(await Guard(() => _endpoints.PutEndpointAsync(Endpoint, body, ct), $"creating online endpoint '{Endpoint}'", environment));
    }

    /// <summary>The whole endpoint is PUT again: Azure ML's PATCH takes only tags and identity, not traffic.</summary>
    private async Task<OnlineEndpointView> PutTrafficAsync(string environment, string live, Dictionary<string, int> traffic, Dictionary<string, int> mirror,
        string doing, CancellationToken ct)
    {
        var body = OnlineEndpointBodies.Endpoint(settings, environment, live, traffic, mirror);
        return OnlineEndpointView.Parse(await Guard(() => _endpoints.PutEndpointAsync(Endpoint, body, ct), doing, environment));
    }

    private async Task<(OnlineEndpointView Endpoint, string Live, string Candidate)> LiveAndCandidateAsync(string environment, CancellationToken ct)
    {
        var endpoint = await GetEndpointAsync(environment, ct)
            ?? throw new InvalidInputException($"endpoint '{Endpoint}' does not exist: deploy to {environment} first (mlops deploy --env {environment})");
        var live = endpoint.Live ?? throw new InvalidInputException($"endpoint '{Endpoint}' has no live deployment: deploy to {environment} first");
        var candidate = (await DeploymentsAsync(environment, ct)).FirstOrDefault(d => d.Name != live)?.Name
            ?? throw new InvalidInputException($"endpoint '{Endpoint}' has no candidate beside the live deployment '{live}': start one first");
        return (endpoint, live, candidate);
    }

    /// <summary>The secret the scoring URI takes: an endpoint key (auth-mode key) or an Azure ML token (aml_token); masked at once.</summary>
    private async Task<string> ScoringCredentialAsync(string environment, CancellationToken ct)
    {
        var secret = settings.AuthMode == "AMLToken"
            ? await Guard(() => _endpoints.TokenAsync(Endpoint, ct), $"getting a scoring token of endpoint '{Endpoint}'", environment)
            : await Guard(() => _endpoints.PrimaryKeyAsync(Endpoint, ct), $"reading the keys of endpoint '{Endpoint}'", environment);
        mask(secret);
        return secret;
    }

    /// <summary>The error for a deployment that did not come up: what happened, its log, that the live one still serves, and the cleanup.</summary>
    private async Task<MlOpsException> FailureAsync(string environment, string deployment, string what, string keeps, MlOpsException? mapped, CancellationToken ct)
    {
        var text = new StringBuilder(what).Append('\n');
        try
        {
            var log = await Guard(() => _endpoints.GetLogsAsync(Endpoint, deployment, LogTail, cancellationToken: ct), $"reading the logs of '{deployment}'", environment);
            text.Append($"log of deployment {deployment} (last {LogTail} lines):\n");
            foreach (var line in (log.Length == 0 ? "(empty)" : log).TrimEnd('\n').Split('\n')) text.Append("  ").Append(line).Append('\n');
        }
        catch (MlOpsException e)
        {
            text.Append($"(the deployment's log could not be read: {e.Message})\n");
        }
        text.Append(keeps).Append(' ');
        try
        {
            await Guard(() => Done(_endpoints.DeleteDeploymentAsync(Endpoint, deployment, ct)), $"deleting deployment '{deployment}'", environment);
            text.Append($"The failed deployment '{deployment}' was deleted.");
        }
        catch (MlOpsException e)
        {
            text.Append($"The failed deployment '{deployment}' could not be deleted ({e.Message}); it serves no traffic. Delete it in Azure ML studio " +
                        $"or with: az ml online-deployment delete --endpoint-name {Endpoint} --name {deployment}");
        }
        // A quota or refused setting found during provisioning is still the user's to fix (exit 2); anything else is the service's (exit 3).
        return mapped is InvalidInputException ? new InvalidInputException($"{mapped.Message}\n{text}", mapped) : new ExternalFailureException(text.ToString());
    }

    private DeploymentState State(string environment, OnlineEndpointView endpoint, OnlineDeploymentView? deployment) =>
        new(environment, Kind, endpoint.ScoringUri ?? "", deployment?.ModelReference ?? "?", 0, "", _clock.GetUtcNow())
        {
            Image = deployment?.Image,
            ResourceId = deployment?.Id is { Length: > 0 } id ? id : _endpoints.EndpointPath(Endpoint),
        };

    private async Task<OnlineEndpointView?> GetEndpointAsync(string environment, CancellationToken ct) =>
        await Guard(() => _endpoints.GetEndpointAsync(Endpoint, ct), $"reading online endpoint '{Endpoint}'", environment) is { } body
            ? OnlineEndpointView.Parse(body) : null;

    private async Task<OnlineDeploymentView?> GetDeploymentAsync(string environment, string name, CancellationToken ct) =>
        await Guard(() => _endpoints.GetDeploymentAsync(Endpoint, name, ct), $"reading deployment '{name}'", environment) is { } body
            ? OnlineDeploymentView.Parse(body) : null;

    private async Task<IReadOnlyList<OnlineDeploymentView>> DeploymentsAsync(string environment, CancellationToken ct) =>
        (await Guard(() => _endpoints.ListDeploymentsAsync(Endpoint, ct), $"listing the deployments of '{Endpoint}'", environment))
        .Select(OnlineDeploymentView.Parse).ToList();

    private Task<T> Guard<T>(Func<Task<T>> call, string doing, string environment) =>
        AzureMlEndpointErrors.GuardAsync(call, doing, environment, settings, credential);

    private static async Task<bool> Done(Task call)
    {
        await call;
        return true;
    }

    /// <summary>An environment version per image: re-deploying the same image reuses it (versions are immutable in Azure ML).</summary>
    private static string ImageVersion(string image) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)))[..12];

    private static MlOpsException Rewrap(MlOpsException e, string message) =>
        e is InvalidInputException ? new InvalidInputException(message, e) : new ExternalFailureException(message, e);

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0.#} s";
}
