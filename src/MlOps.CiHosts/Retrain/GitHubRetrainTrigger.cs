using MlOps.Core.Errors;
using Octokit;
using Octokit.Internal;
using Polly.Timeout;

namespace MlOps.CiHosts.Retrain;

/// <summary>
/// Starts a GitHub Actions retrain through Octokit: a <c>workflow_dispatch</c> of one workflow on a ref (inputs model,
/// reason and the extra parameters; needs <c>actions: write</c>), or a <c>repository_dispatch</c> of an event type
/// (the same values as client_payload; needs <c>contents: write</c>). GitHub answers both with 204 and no run, so
/// the returned run names the dispatch and links to where its run appears.
/// </summary>
public sealed class GitHubRetrainTrigger : IRetrainTrigger, IDisposable
{
    public static readonly Uri PublicApi = new("https://api.github.com/");

    private readonly HttpClientAdapter _http;
    private readonly GitHubClient _client;
    private readonly string _owner;
    private readonly string _repo;
    private readonly string? _workflow;
    private readonly string? _ref;
    private readonly string? _eventType;
    private readonly Uri _server;

    /// <summary>A workflow_dispatch when <paramref name="workflow"/> is set, else a repository_dispatch of <paramref name="eventType"/>.</summary>
    /// <param name="apiUrl">GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server.</param>
    /// <param name="serverUrl">GITHUB_SERVER_URL, for the link to the runs.</param>
    public GitHubRetrainTrigger(string repository, string? workflow, string? @ref, string? eventType, string token,
        Uri? apiUrl = null, Uri? serverUrl = null, RetrainClientOptions? options = null)
    {
        if ((workflow is null) == (eventType is null))
            throw new ArgumentException("exactly one of workflow and eventType is needed");
        var slash = repository.IndexOf('/');
        (_owner, _repo) = (repository[..slash], repository[(slash + 1)..]);
        (_workflow, _ref, _eventType) = (workflow, @ref ?? "main", eventType);
        _server = serverUrl ?? new Uri("https://github.com/");
        options ??= new RetrainClientOptions();
        _http = new HttpClientAdapter(options.CreateHandler);
        _http.SetRequestTimeout(Timeout.InfiniteTimeSpan);
        // Connection, not GitHubClient(baseAddress): the latter rewrites any non-github.com address to HOST/api/v3/,
        // which is right for a GHES web URL but wrong for GITHUB_API_URL (already the API root) and for a test fake.
        var api = apiUrl ?? PublicApi;
        var connection = new Connection(new ProductHeaderValue("mlops"), api.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/"),
            new InMemoryCredentialStore(new Credentials(token)), _http, new SimpleJsonSerializer());
        _client = new GitHubClient(connection);
    }

    public string Description => _workflow is not null
        ? $"GitHub workflow_dispatch of {_workflow} on {_ref} in {_owner}/{_repo}"
        : $"GitHub repository_dispatch '{_eventType}' to {_owner}/{_repo}";

    public async Task<RetrainRun> TriggerAsync(RetrainRequest request, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string>(request.Parameters) { ["model"] = request.Model, ["reason"] = request.Reason };
        try
        {
            if (_workflow is not null)
            {
                await _client.Actions.Workflows.CreateDispatch(_owner, _repo, _workflow,
                    new CreateWorkflowDispatch(_ref) { Inputs = values.ToDictionary(v => v.Key, v => (object)v.Value) }).ConfigureAwait(false);
                return new RetrainRun(Description, new Uri(_server, $"{_owner}/{_repo}/actions/workflows/{Uri.EscapeDataString(_workflow)}").AbsoluteUri);
            }
            await _client.Connection.Post(new Uri($"repos/{_owner}/{_repo}/dispatches", UriKind.Relative),
                new RepositoryDispatch(_eventType!, values), "application/vnd.github+json", cancellationToken).ConfigureAwait(false);
            return new RetrainRun(Description, new Uri(_server, $"{_owner}/{_repo}/actions").AbsoluteUri);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Map(e);
        }
    }

    private MlOpsException Map(Exception error) => error switch
    {
        // Rate limits derive from ForbiddenException: they are the service's state, not the token's rights.
        RateLimitExceededException or SecondaryRateLimitExceededException =>
            new ExternalFailureException($"GitHub kept rate-limiting {Description} (after retries): {error.Message}", error),
        AuthorizationException => new InvalidInputException(
            $"GitHub did not accept the token while starting {Description} (401): set GITHUB_TOKEN or MLOPS_GITHUB_TOKEN to a valid token; {Needs}", error),
        ForbiddenException => new InvalidInputException($"GitHub refused {Description} (403): {Needs}. {error.Message}", error),
        NotFoundException => new InvalidInputException(_workflow is not null
            ? $"workflow '{_workflow}' was not found in repository {_owner}/{_repo} (404; or the token cannot see the repository): " +
              "check retrain.trigger.github workflow (a file name in .github/workflows) and repository"
            : $"repository {_owner}/{_repo} was not found (404; or the token cannot see it): check retrain.trigger.github repository", error),
        ApiValidationException => new InvalidInputException(
            $"GitHub refused {Description} (422): {error.Message}" + (_workflow is not null
                ? " (the workflow must have an on: workflow_dispatch trigger declaring the inputs model and reason, and every extra input passed)"
                : ""), error),
        ApiException api when (int)api.StatusCode is >= 400 and < 500 and not 408 and not 429 =>
            new InvalidInputException($"GitHub refused {Description} ({(int)api.StatusCode}): {api.Message}", error),
        ApiException api => new ExternalFailureException(
            $"GitHub failed to start {Description} ({(int)api.StatusCode}, after retries): {api.Message}", error),
        HttpRequestException or TimeoutRejectedException or TaskCanceledException => new ExternalFailureException(
            $"GitHub could not be reached to start {Description} (after retries): {error.Message}", error),
        MlOpsException known => known,
        _ => new ExternalFailureException($"GitHub call failed while starting {Description}: {error.Message}", error),
    };

    private string Needs => _workflow is not null
        ? $"the token needs actions: write on {_owner}/{_repo} (workflow: permissions: actions: write; fine-grained PAT: Actions read and write). " +
          "A workflow's GITHUB_TOKEN reaches only its own repository"
        : $"the token needs contents: write on {_owner}/{_repo} (workflow: permissions: contents: write; fine-grained PAT: Contents read and write). " +
          "A workflow's GITHUB_TOKEN reaches only its own repository";

    public void Dispose() => _http.Dispose();

    /// <summary>Serialized by Octokit as {"event_type": ..., "client_payload": {...}}.</summary>
    private sealed record RepositoryDispatch(string EventType, IDictionary<string, string> ClientPayload);
}
