using MlOps.Azure.Tests.Fake;

namespace MlOps.EndToEnd;

/// <summary>
/// The environment of an mlops process run as a pipeline step would run it against the HTTPS fake of Azure: a service
/// principal's secret, Entra ID and storage at the fake, and the fake's certificate as the only extra trust
/// (SSL_CERT_FILE, written into <paramref name="dir"/>), nothing that switches validation off.
/// </summary>
internal static class FakeAzureSignIn
{
    public static Dictionary<string, string> Environment(FakeAzureMl fake, string dir)
    {
        var pem = Path.Combine(dir, "fake-azure.pem");
        if (!File.Exists(pem)) File.WriteAllText(pem, fake.CertificatePem);
        return new Dictionary<string, string>
        {
            ["MLOPS_AZURE_CREDENTIAL"] = "client-secret",
            ["AZURE_TENANT_ID"] = "fake-tenant",
            ["AZURE_CLIENT_ID"] = "mlops-ci",
            ["AZURE_CLIENT_SECRET"] = FakeEntraId.ClientSecret,
            ["AZURE_AUTHORITY_HOST"] = fake.BaseUri.ToString(),
            ["MLOPS_AZURE_STORAGE_ENDPOINT"] = fake.BaseUri.ToString(),
            ["SSL_CERT_FILE"] = pem,
        };
    }
}
