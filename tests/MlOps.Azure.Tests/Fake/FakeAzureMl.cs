using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// An in-process Azure ML (ARM, api 2025-12-01) and blob storage on a real HTTPS loopback port (Azure.Core refuses
/// bearer tokens over plain HTTP). Request bodies are checked against shared/fixtures and answers are built from the
/// fixtures' response bodies; the semantics (async operations, ETag/If-Match → 412, immutable versions → 409, 429 +
/// Retry-After, 401, job state machine) are implemented here. Faults are injected per test.
/// </summary>
internal sealed class FakeAzureMl : IAsyncDisposable
{
    public const string GoodToken = "fake-arm-token";
    public const string Subscription = "00000000-1111-2222-3333-444444444444";
    public const string ResourceGroup = "test-rg";
    public const string Workspace = "my-aml-workspace";
    public const string RegistryName = "my-aml-registry";
    public const string StorageAccount = "fakestorage";
    public const string StorageKey = "ZmFrZS1zdG9yYWdlLWFjY291bnQta2V5LWZvci10ZXN0cw==";

    private readonly X509Certificate2 _certificate;
    private LoopbackHost _host = null!;

    private FakeAzureMl(X509Certificate2 certificate)
    {
        _certificate = certificate;
        Arm = new FakeArmHandler(this);
        Blobs = new FakeBlobStore(this);
        ContainerInstances = new FakeContainerInstances(this);
        OnlineEndpoints = new FakeOnlineEndpoints(this);
    }

    public Uri BaseUri => _host.BaseUri;
    public FakeArmHandler Arm { get; }
    public FakeBlobStore Blobs { get; }
    public FakeContainerInstances ContainerInstances { get; }
    public FakeOnlineEndpoints OnlineEndpoints { get; }

    /// <summary>The token endpoint, for processes that sign in with a client secret (AZURE_AUTHORITY_HOST = <see cref="BaseUri"/>).</summary>
    public FakeEntraId EntraId { get; } = new();

    /// <summary>The fake's self-signed certificate as PEM, for a process that trusts it through SSL_CERT_FILE.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>Every request, in arrival order, with the status it got.</summary>
    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    private readonly List<FakeFault> _faults = new();

    /// <summary>Answers the next <paramref name="times"/> requests whose "METHOD path" contains <paramref name="match"/> with a failure.</summary>
    public void FailNext(string match, int status, int times = 1, string? retryAfter = null, string code = "Injected")
    {
        lock (_faults) _faults.Add(new FakeFault(match, status, times, retryAfter, code));
    }

    private readonly List<FakeHold> _holds = new();

    /// <summary>
    /// Holds the first <paramref name="count"/> requests of <paramref name="method"/> whose path ends with
    /// <paramref name="pathSuffix"/> until all of them have arrived (at most <paramref name="timeout"/>), then lets them
    /// through together: writes that two clients based on the same read reach the fake at once, so a race between two
    /// processes is certain instead of likely.
    /// </summary>
    public void HoldUntilConcurrent(string method, string pathSuffix, int count, TimeSpan timeout)
    {
        lock (_holds) _holds.Add(new FakeHold(method, pathSuffix, count, timeout));
    }

    /// <summary>When set, every ARM request gets 401 (an expired or wrong service connection).</summary>
    public bool RejectAllTokens { get; set; }

    public static async Task<FakeAzureMl> StartAsync()
    {
        var fake = new FakeAzureMl(CreateCertificate());
        fake._host = await LoopbackHost.StartAsync(fake.HandleAsync, fake._certificate);
        return fake;
    }

    /// <summary>Client options pointing at this fake, trusting its certificate, with retry and poll delays short enough for tests.</summary>
    public AzureMlClientOptions Options(TimeSpan? retryDelay = null)
    {
        var options = new AzureMlClientOptions
        {
            ArmEndpoint = BaseUri,
            StorageEndpoint = BaseUri,
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxPollInterval = TimeSpan.FromMilliseconds(100),
            Transport = new HttpClientTransport(TrustingHandler()),
        };
        options.Retry.Delay = retryDelay ?? TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.MaxRetries = 3;
        return options;
    }

    /// <summary>An HTTP handler that trusts this fake's self-signed certificate (and nothing else).</summary>
    public HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == _certificate.Thumbprint,
    };

    public AzureMlScope WorkspaceScope => AzureMlScope.ForWorkspace(Subscription, ResourceGroup, Workspace);
    public AzureMlScope RegistryScope => AzureMlScope.ForRegistry(Subscription, ResourceGroup, RegistryName);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var line = $"{request.Method} {request.Path}{request.QueryString}";
        var started = DateTimeOffset.UtcNow;
        FakeHold? hold;
        lock (_holds) hold = _holds.FirstOrDefault(h => h.Matches(request));
        if (hold is not null) await hold.ArriveAsync();
        if (TakeFault(line) is { } fault)
        {
            if (fault.RetryAfter is not null) context.Response.Headers["Retry-After"] = fault.RetryAfter;
            await FakeHttp.ErrorAsync(context, fault.Status, fault.Code, $"injected {fault.Status} for tests");
        }
        else
        {
            try
            {
                if (FakeContainerInstances.Handles(request))
                    await ContainerInstances.HandleAsync(context);
                else if (FakeOnlineEndpoints.Handles(request))
                    await OnlineEndpoints.HandleAsync(context);
                else if (request.Path.StartsWithSegments("/subscriptions") || request.Path.StartsWithSegments("/fake"))
                    await Arm.HandleAsync(context);
                else if (FakeEntraId.Handles(request))
                    await EntraId.HandleAsync(context);
                else
                    await Blobs.HandleAsync(context);
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                // A bug in the fake shows as a 500 whose message names it, not as a silent hang.
                await FakeHttp.ErrorAsync(context, 500, "FakeBug", e.ToString());
            }
        }
        Requests.Enqueue(new FakeRequest(started, request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            context.Response.StatusCode, request.Headers.IfMatch.ToString(), request.Headers.IfNoneMatch.ToString()));
    }

    private FakeFault? TakeFault(string line)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && line.Contains(f.Match, StringComparison.OrdinalIgnoreCase));
            if (fault is not null) fault.Remaining--;
            return fault;
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Re-imported from PFX: Kestrel's TLS on Linux needs a certificate whose private key is exportable/persisted.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _certificate.Dispose();
    }
}

internal sealed record FakeRequest(DateTimeOffset At, string Method, string Path, string Query, int Status, string IfMatch, string IfNoneMatch);

internal sealed class FakeHold(string method, string pathSuffix, int count, TimeSpan timeout)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public bool Matches(HttpRequest request) =>
        !_all.Task.IsCompleted && request.Method == method && (request.Path.Value ?? "").EndsWith(pathSuffix, StringComparison.Ordinal);

    public async Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrived) >= count) _all.TrySetResult();
        try
        {
            await _all.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _all.TrySetResult(); // bounded: a client that never came must not hang the others
        }
    }
}

internal sealed class FakeFault(string match, int status, int times, string? retryAfter, string code)
{
    public string Match { get; } = match;
    public int Status { get; } = status;
    public string? RetryAfter { get; } = retryAfter;
    public string Code { get; } = code;
    public int Remaining { get; set; } = times;
}
