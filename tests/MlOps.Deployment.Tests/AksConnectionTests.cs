using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Deployment.Aks;
using NUnit.Framework;

namespace MlOps.Deployment.Tests;

/// <summary>Which cluster and user a kubeconfig with several contexts leads to.</summary>
public sealed class AksConnectionTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("mlops-kubeconfig-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Kubeconfig()
    {
        var path = Path.Combine(_dir, "config");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev-cluster
              cluster: { server: "http://127.0.0.1:18001" }
            - name: prod-cluster
              cluster: { server: "http://127.0.0.1:18002" }
            users:
            - name: dev-user
              user: { token: dev-token }
            - name: deployer
              user: { token: prod-token }
            contexts:
            - name: dev
              context: { cluster: dev-cluster, user: dev-user }
            - name: prod
              context: { cluster: prod-cluster, user: deployer }
            """);
        return path;
    }

    private static AksConnection Open(AksCredentials credentials, Dictionary<string, string> env) =>
        AksConnection.Open("production", Settings(credentials), name => env.GetValueOrDefault(name),
            () => throw new InvalidOperationException("no Azure here"), () => "none");

    private static AksSettings Settings(AksCredentials credentials) => new(
        "ml", "adult", 1, new AksResources(null, null), new AksResources(null, null), null, null, 60, TimeSpan.FromMinutes(1), 8080,
        "ClusterIP", null, new Dictionary<string, string>(), new Dictionary<string, string>(), credentials);

    [Test]
    public void The_service_connections_cluster_context_wins_over_the_kubeconfigs_current_context()
    {
        var connection = Open(new AksCredentials(null, null, null, null),
            new() { ["KUBECONFIG"] = Kubeconfig(), ["MLOPS_KUBE_CONTEXT"] = "prod" });

        Assert.That(connection.Client.BaseUri.Port, Is.EqualTo(18002));
        Assert.That(connection.Credential, Does.Contain("user 'deployer' (context 'prod'"));
    }

    [Test]
    public void A_context_in_mlops_yml_wins_over_the_environment()
    {
        var connection = Open(new AksCredentials(Kubeconfig(), "dev", null, null), new() { ["MLOPS_KUBE_CONTEXT"] = "prod" });

        Assert.That(connection.Client.BaseUri.Port, Is.EqualTo(18001));
    }

    [Test]
    public void Without_either_the_current_context_is_used_and_an_unknown_one_names_where_it_came_from()
    {
        Assert.That(Open(new AksCredentials(Kubeconfig(), null, null, null), new()).Client.BaseUri.Port, Is.EqualTo(18001));

        var error = Assert.Throws<InvalidInputException>(() => Open(new AksCredentials(Kubeconfig(), null, null, null), new() { ["MLOPS_KUBE_CONTEXT"] = "staging" }));
        Assert.That(error!.Message, Does.Contain("has no context 'staging' (MLOPS_KUBE_CONTEXT); it has: dev, prod"));
    }
}
