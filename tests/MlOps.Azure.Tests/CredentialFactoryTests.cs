using Azure.Identity;
using MlOps.Azure.Identity;
using MlOps.Core.Errors;

namespace MlOps.Azure.Tests;

/// <summary>
/// AZURE_AUTHORITY_HOST handling of <see cref="AzureCredentialFactory"/>. Signing in against a non-default host for
/// real (the fake's token endpoint, over HTTPS with its certificate trusted through SSL_CERT_FILE) is covered by
/// tests/MlOps.EndToEnd/AzureMlBackendTests, which runs mlops as a separate process.
/// </summary>
public sealed class CredentialFactoryTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void Without_AZURE_AUTHORITY_HOST_the_SDK_default_stands_and_instance_discovery_stays_on()
    {
        Assert.That(AzureCredentialFactory.Authority(Env()), Is.EqualTo(((Uri?)null, false)));
        Assert.That(AzureCredentialFactory.Authority(Env(("AZURE_AUTHORITY_HOST", ""))), Is.EqualTo(((Uri?)null, false)));
    }

    [TestCase("https://login.microsoftonline.com/")]
    [TestCase("https://login.microsoftonline.com")]
    [TestCase("https://LOGIN.microsoftonline.us/")]
    [TestCase("https://login.chinacloudapi.cn/")]
    public void Entra_clouds_known_to_instance_discovery_keep_it_on(string host)
    {
        var (authority, disable) = AzureCredentialFactory.Authority(Env(("AZURE_AUTHORITY_HOST", host)));
        Assert.That(authority, Is.EqualTo(new Uri(host)));
        Assert.That(disable, Is.False);
    }

    [TestCase("https://adfs.local.azurestack.external/adfs/")]
    [TestCase("https://127.0.0.1:44321/")]
    [TestCase("https://login.microsoftonline.com:8443/")]
    public void Other_hosts_turn_instance_discovery_off(string host)
    {
        var (authority, disable) = AzureCredentialFactory.Authority(Env(("AZURE_AUTHORITY_HOST", host)));
        Assert.That(authority, Is.EqualTo(new Uri(host)));
        Assert.That(disable, Is.True, "login.microsoftonline.com cannot vouch for a host it does not know");
    }

    [TestCase("http://127.0.0.1:8080/")]
    [TestCase("login.microsoftonline.com")]
    public void A_host_that_is_not_an_https_URL_is_invalid_input(string host)
    {
        var error = Assert.Throws<InvalidInputException>(() => AzureCredentialFactory.Authority(Env(("AZURE_AUTHORITY_HOST", host))));
        Assert.That(error!.Message, Does.Contain($"AZURE_AUTHORITY_HOST '{host}' is not an absolute https URL"));
        Assert.Throws<InvalidInputException>(() => AzureCredentialFactory.Create(Env(("AZURE_AUTHORITY_HOST", host),
            ("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "c"), ("AZURE_CLIENT_SECRET", "s"))));
    }

    [Test]
    public void Every_credential_kind_is_created_with_a_custom_authority_host()
    {
        var common = new[]
        {
            ("AZURE_AUTHORITY_HOST", "https://adfs.local.azurestack.external/adfs/"), ("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "c"),
            ("AZURE_CLIENT_SECRET", "s"), ("AZURE_FEDERATED_TOKEN_FILE", "/tmp/token"), ("SYSTEM_ACCESSTOKEN", "a"),
            ("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", "sc"), ("ACTIONS_ID_TOKEN_REQUEST_URL", "https://example.invalid/token"),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "r"),
        };
        var expected = new Dictionary<string, Type>
        {
            ["client-secret"] = typeof(ClientSecretCredential), ["workload-identity"] = typeof(WorkloadIdentityCredential),
            ["azure-pipelines"] = typeof(AzurePipelinesCredential), ["github-oidc"] = typeof(ClientAssertionCredential),
            ["default"] = typeof(DefaultAzureCredential),
        };
        foreach (var (kind, type) in expected)
            Assert.That(AzureCredentialFactory.Create(Env([.. common, ("MLOPS_AZURE_CREDENTIAL", kind)])), Is.InstanceOf(type), kind);
    }
}

public sealed class SignInFailureTests
{
    [Test]
    public void A_sign_in_failure_names_the_reason_Entra_ID_gave_not_only_the_credential()
    {
        var msal = new InvalidOperationException("A configuration issue is preventing authentication.\nOriginal exception: AADSTS7000215: Invalid client secret provided.");
        var error = AzureErrorMapper.Map(new AuthenticationFailedException("ClientSecretCredential authentication failed: ", msal), "registering m");

        Assert.That(error, Is.InstanceOf<InvalidInputException>());
        Assert.That(error.Message, Does.StartWith("Azure sign-in failed while registering m: check your service connection"));
        Assert.That(error.Message, Does.EndWith("ClientSecretCredential authentication failed: A configuration issue is preventing authentication. " +
                                                "Original exception: AADSTS7000215: Invalid client secret provided."));
    }

    [Test]
    public void A_reason_already_in_the_message_is_not_repeated()
    {
        var error = AzureErrorMapper.Map(new AuthenticationFailedException("WorkloadIdentityCredential authentication failed: token file missing",
            new FileNotFoundException("token file missing")), "training");
        Assert.That(error.Message, Does.EndWith("WorkloadIdentityCredential authentication failed: token file missing"));
    }
}
