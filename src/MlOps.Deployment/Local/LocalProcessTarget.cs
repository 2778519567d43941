using System.Text.Json;
using MlOps.Core.Errors;
using MlOps.Deployment.Rollout;
using MlOps.Router;

namespace MlOps.Deployment.Local;

/// <summary>
/// The <c>local</c> target: each version runs <c>mlops serve</c> as a background process on loopback, behind a router
/// (<c>mlops route</c>) whose URL is the environment's and stays the same across versions. A deployment is blue/green:
/// the new version is started and checked ready, takes 100% at the router, and only then is the old one stopped.
/// State lives in STATE_DIR: ENV.json (the live version, its Url the router's), ENV.router.json, ENV.candidate.json.
/// </summary>
public sealed class LocalProcessTarget(string stateDirectory, IReadOnlyList<string> serveCommand, TimeSpan? readyTimeout = null)
    : ITrafficSplitTarget
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly TimeSpan _readyTimeout = readyTimeout ?? TimeSpan.FromSeconds(90);

    public string Kind => "local";

    public bool NeedsImage => false;

    public async Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        var router = await EnsureRouterAsync(request, cancellationToken);
        var previous = Read(request.Environment);
        var started = await StartServerAsync(request, cancellationToken);
        await RemoveCandidateAsync(request.Environment, router, previous, cancellationToken);
        await new LocalRouterClient(router).SetAsync(new RouteTable(Variant(started)), cancellationToken);
        var state = started with { Url = router.Url };
        Write(StatePath(request.Environment), state);
        if (previous is not null && previous.ProcessId != started.ProcessId && IsOurServer(previous)) LocalProcesses.Kill(previous.ProcessId);
        return state;
    }

    public async Task<DeploymentState> StartCandidateAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        var live = Read(request.Environment) is { } recorded && IsOurServer(recorded) ? recorded
            : throw new InvalidInputException($"nothing live in {request.Environment}: a canary starts beside a running version; deploy one first (mlops deploy --env {request.Environment})");
        var router = await EnsureRouterAsync(request, cancellationToken);
        await RemoveCandidateAsync(request.Environment, router, live, cancellationToken);
        var candidate = await StartServerAsync(request, cancellationToken);
        Write(CandidatePath(request.Environment), candidate);
        await new LocalRouterClient(router).SetAsync(new RouteTable(Variant(live), Variant(candidate)), cancellationToken);
        return candidate;
    }

    public async Task SetTrafficAsync(string environment, TrafficSplit split, CancellationToken cancellationToken = default)
    {
        var (live, candidate, router) = Running(environment);
        if (candidate is null) throw new InvalidInputException($"{environment} has no candidate to send traffic to; start one first");
        await new LocalRouterClient(router).SetAsync(
            new RouteTable(Variant(live), Variant(candidate), split.CandidatePercent, split.MirrorPercent), cancellationToken);
    }

    public Task<IReadOnlyList<VariantEndpoint>> VariantsAsync(string environment, CancellationToken cancellationToken = default)
    {
        var (live, candidate, _) = Running(environment);
        var variants = new List<VariantEndpoint> { Endpoint("live", live) };
        if (candidate is not null) variants.Add(Endpoint("candidate", candidate));
        return Task.FromResult<IReadOnlyList<VariantEndpoint>>(variants);
    }

    public async Task<DeploymentState> PromoteCandidateAsync(string environment, CancellationToken cancellationToken = default)
    {
        var (live, candidate, router) = Running(environment);
        if (candidate is null) throw new InvalidInputException($"{environment} has no candidate to promote");
        await new LocalRouterClient(router).SetAsync(new RouteTable(Variant(candidate)), cancellationToken);
        var state = candidate with { Url = router.Url };
        Write(StatePath(environment), state);
        File.Delete(CandidatePath(environment));
        if (IsOurServer(live)) LocalProcesses.Kill(live.ProcessId);
        return state;
    }

    public async Task<DeploymentState?> RollbackCandidateAsync(string environment, CancellationToken cancellationToken = default)
    {
        var candidate = ReadFile(CandidatePath(environment));
        var live = Read(environment);
        var router = ReadRouter(environment);
        // Live takes everything back before the candidate stops, so no request is sent to a stopped server.
        if (live is not null && router is not null && IsOurRouter(router))
            await new LocalRouterClient(router).SetAsync(new RouteTable(Variant(live)), cancellationToken);
        if (candidate is null) return null;
        if (IsOurServer(candidate)) LocalProcesses.Kill(candidate.ProcessId);
        File.Delete(CandidatePath(environment));
        return candidate;
    }

    public Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default)
    {
        var state = Read(environment);
        if (ReadFile(CandidatePath(environment)) is { } candidate && IsOurServer(candidate)) LocalProcesses.Kill(candidate.ProcessId);
        if (state is not null && IsOurServer(state)) LocalProcesses.Kill(state.ProcessId);
        if (ReadRouter(environment) is { } router && IsOurRouter(router)) LocalProcesses.Kill(router.ProcessId);
        foreach (var path in new[] { StatePath(environment), CandidatePath(environment), RouterPath(environment) }) File.Delete(path);
        return Task.FromResult(state);
    }

    public Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default)
    {
        var state = Read(environment);
        if (state is null) return Task.FromResult<DeploymentStatus?>(null);
        var running = IsOurServer(state);
        var router = ReadRouter(environment);
        var routing = router is null ? "" : IsOurRouter(router) ? $", router pid {router.ProcessId}" : $", router pid {router.ProcessId} is not running";
        var candidate = ReadFile(CandidatePath(environment)) is { } c ? $", candidate {c.ModelReference} (pid {c.ProcessId})" : "";
        return Task.FromResult<DeploymentStatus?>(new DeploymentStatus(state, running && (router is null || IsOurRouter(router)),
            (running ? $"pid {state.ProcessId} running" : $"pid {state.ProcessId} is not running") + routing + candidate));
    }

    public Task<string> LogsAsync(string environment, int tail = 50, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(environment) is { } state && File.Exists(state.LogFile)
            ? string.Join("\n", File.ReadLines(state.LogFile).TakeLast(tail))
            : "");

    /// <summary>The live version; its Url is the router's (the environment's URL).</summary>
    public DeploymentState? Read(string environment) => ReadFile(StatePath(environment));

    public DeploymentState? ReadCandidate(string environment) => ReadFile(CandidatePath(environment));

    public LocalRouterState? ReadRouter(string environment) =>
        File.Exists(RouterPath(environment)) ? JsonSerializer.Deserialize<LocalRouterState>(File.ReadAllText(RouterPath(environment)), Json) : null;

    public static bool IsRunning(int pid) => LocalProcesses.IsRunning(pid);

    /// <summary>The server's own address (it writes it to the url file beside its log), not the router's.</summary>
    private static string DirectUrl(DeploymentState state) =>
        File.Exists(UrlFileOf(state)) ? File.ReadAllText(UrlFileOf(state)).Trim() : state.Url;

    private static string UrlFileOf(DeploymentState state) => Path.ChangeExtension(state.LogFile, ".url");

    private static RouteVariant Variant(DeploymentState state) => new(state.ModelReference, DirectUrl(state));

    private static VariantEndpoint Endpoint(string role, DeploymentState state) =>
        new(role, state.ModelReference, new Uri(DirectUrl(state)), new Dictionary<string, string>());

    private static bool IsOurServer(DeploymentState state) => LocalProcesses.IsOurs(state.ProcessId, "serve", UrlFileOf(state));

    private static bool IsOurRouter(LocalRouterState router) => LocalProcesses.IsOurs(router.ProcessId, "route", router.UrlFile);

    private (DeploymentState Live, DeploymentState? Candidate, LocalRouterState Router) Running(string environment)
    {
        var live = Read(environment) ?? throw new InvalidInputException($"nothing is deployed to {environment}");
        var router = ReadRouter(environment) is { } r && IsOurRouter(r) ? r
            : throw new ExternalFailureException($"the router of {environment} is not running; redeploy with mlops deploy --env {environment}");
        return (live, ReadFile(CandidatePath(environment)), router);
    }

    /// <summary>A candidate left by an interrupted rollout is stopped before another version starts (live keeps serving).</summary>
    private async Task RemoveCandidateAsync(string environment, LocalRouterState router, DeploymentState? live, CancellationToken ct)
    {
        if (ReadFile(CandidatePath(environment)) is not { } stale) return;
        if (live is not null && IsOurServer(live)) await new LocalRouterClient(router).SetAsync(new RouteTable(Variant(live)), ct);
        if (IsOurServer(stale)) LocalProcesses.Kill(stale.ProcessId);
        File.Delete(CandidatePath(environment));
    }

    /// <summary>The environment's router, started on the environment's port the first time; later versions reuse it.</summary>
    private async Task<LocalRouterState> EnsureRouterAsync(DeploymentRequest request, CancellationToken ct)
    {
        if (ReadRouter(request.Environment) is { } running && IsOurRouter(running)) return running;
        Directory.CreateDirectory(stateDirectory);
        var id = $"{request.Environment}-router-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var logFile = Path.Combine(stateDirectory, id + ".log");
        var urlFile = Path.Combine(stateDirectory, id + ".url");
        using var process = LocalProcesses.StartDetached(
            [.. serveCommand, "route", "--host", request.Host, "--port", request.Port.ToString(), "--url-file", urlFile], logFile);
        var addresses = JsonSerializer.Deserialize<RouterAddresses>(
            await LocalProcesses.WaitForUrlFileAsync(process, urlFile, logFile, _readyTimeout, "router", ct), RouterJson.Options)!;
        var router = new LocalRouterState(process.Id, addresses.Url, addresses.AdminUrl, logFile, urlFile);
        // A version deployed before there was a router keeps serving through it until the new one takes over.
        if (Read(request.Environment) is { } live && IsOurServer(live))
            await new LocalRouterClient(router).SetAsync(new RouteTable(Variant(live)), ct);
        Core.IO.AtomicFile.Write(RouterPath(request.Environment), JsonSerializer.Serialize(router, Json));
        return router;
    }

    /// <summary>Starts a version's server on a free loopback port and returns once it answers /health/ready (else stops it).</summary>
    private async Task<DeploymentState> StartServerAsync(DeploymentRequest request, CancellationToken ct)
    {
        Directory.CreateDirectory(stateDirectory);
        var id = $"{request.Environment}-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var logFile = Path.Combine(stateDirectory, id + ".log");
        var urlFile = Path.Combine(stateDirectory, id + ".url");
        using var process = LocalProcesses.StartDetached(
            [.. serveCommand, "serve", "--model", request.ModelPath, "--host", request.Host, "--port", "0",
             "--url-file", urlFile, "--name", request.ModelReference],
            logFile);
        var url = await LocalProcesses.WaitForUrlFileAsync(process, urlFile, logFile, _readyTimeout, "scoring server", ct);
        try
        {
            await EnsureReadyAsync(url, ct);
        }
        catch
        {
            LocalProcesses.Kill(process.Id);
            throw;
        }
        return new DeploymentState(request.Environment, "local", url, request.ModelReference, process.Id, logFile, DateTimeOffset.UtcNow);
    }

    private static async Task EnsureReadyAsync(string url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var response = await http.GetAsync(url + "/health/ready", ct);
        if (!response.IsSuccessStatusCode)
            throw new ExternalFailureException($"{url}/health/ready answered {(int)response.StatusCode}");
    }

    private string StatePath(string environment) => Path.Combine(stateDirectory, environment + ".json");

    private string CandidatePath(string environment) => Path.Combine(stateDirectory, environment + ".candidate.json");

    private string RouterPath(string environment) => Path.Combine(stateDirectory, environment + ".router.json");

    private static DeploymentState? ReadFile(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<DeploymentState>(File.ReadAllText(path), Json) : null;

    private static void Write(string path, DeploymentState state) => Core.IO.AtomicFile.Write(path, JsonSerializer.Serialize(state, Json));
}
