using Azure.Core;

namespace MlOps.Azure;

/// <summary>
/// Options shared by every Azure ML client (Azure SDK pattern: XClientOptions derives from ClientOptions, so retry,
/// transport and diagnostics are configured the same way as in any Azure SDK client).
/// </summary>
public sealed class AzureMlClientOptions : ClientOptions
{
    /// <summary>The ARM api-version every request carries; the fixtures and this client are written against it.</summary>
    public const string DefaultApiVersion = "2025-12-01";

    public static readonly Uri PublicCloudArm = new("https://management.azure.com");

    public AzureMlClientOptions()
    {
        // Exponential backoff; Azure.Core's RetryPolicy retries 408/429/500/502/503/504 and waits for Retry-After
        // (and retry-after-ms / x-ms-retry-after-ms) when the service sends it, instead of the computed delay.
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(60);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        Diagnostics.ApplicationId = "mlops";
    }

    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>Names the service in error messages; other ARM clients (Azure Container Instances) reuse these options.</summary>
    public string ServiceName { get; set; } = "Azure ML";

    /// <summary>ARM base address; overridden (MLOPS_AZURE_ARM_ENDPOINT) for sovereign clouds and for tests against a fake.</summary>
    public Uri ArmEndpoint { get; set; } = PublicCloudArm;

    /// <summary>The token audience for ARM; stays the public one when <see cref="ArmEndpoint"/> points at a fake.</summary>
    public string ArmScope { get; set; } = "https://management.azure.com/.default";

    /// <summary>
    /// When set, blob storage is addressed path-style as {StorageEndpoint}/{account}/{container}/... (the Azurite
    /// convention) instead of https://{account}.blob.{suffix}; for tests and emulators (MLOPS_AZURE_STORAGE_ENDPOINT).
    /// </summary>
    public Uri? StorageEndpoint { get; set; }

    /// <summary>First wait between polls of a long-running operation or a job; grows by <see cref="PollBackoff"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    public double PollBackoff { get; set; } = 1.5;

    /// <summary>Builds options from environment overrides (MLOPS_AZURE_ARM_ENDPOINT, MLOPS_AZURE_STORAGE_ENDPOINT).</summary>
    public static AzureMlClientOptions FromEnvironment(Func<string, string?>? getEnv = null, string? armEndpoint = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var options = new AzureMlClientOptions();
        var arm = armEndpoint ?? getEnv("MLOPS_AZURE_ARM_ENDPOINT");
        if (!string.IsNullOrEmpty(arm)) options.ArmEndpoint = ParseEndpoint(arm, "MLOPS_AZURE_ARM_ENDPOINT / arm-endpoint");
        var storage = getEnv("MLOPS_AZURE_STORAGE_ENDPOINT");
        if (!string.IsNullOrEmpty(storage)) options.StorageEndpoint = ParseEndpoint(storage, "MLOPS_AZURE_STORAGE_ENDPOINT");
        return options;
    }

    private static Uri ParseEndpoint(string value, string what) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new Core.Errors.InvalidInputException($"{what} '{value}' is not an absolute http(s) URL");
}
