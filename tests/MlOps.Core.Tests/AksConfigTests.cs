using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Core.Tests;

/// <summary>deploy.ENV with target aks: Kubernetes settings read as strictly as the aci ones.</summary>
public class AksConfigTests
{
    private const string Head = """
        model: { name: adult-income, task: binary-classification, label: income }

        """;

    private const string Aks = """
        deploy:
          production:
            target: aks
            namespace: ml
            requests: { cpu: 500m, memory: 512Mi }
            limits: { cpu: "1", memory: 1Gi }
            autoscale: { min: 2, max: 6, cpu-percent: 60 }
            pod-disruption-budget: { min-available: 1 }
            progress-deadline-seconds: 120
            timeout-minutes: 5
            service-type: LoadBalancer
            image-pull-secret: acr-pull
            env: { LOG_LEVEL: info }
            secure-env: { MLOPS_API_KEY: SCORING_KEY }
            kubeconfig: deploy/kubeconfig
            context: prod-cluster
        """;

    private static MlOpsConfig Parse(string deploy) =>
        ConfigLoader.Parse(new StringReader(Head + deploy), "/repo/mlops.yml", "mlops.yml");

    private static string ErrorOf(string deploy) => Assert.Throws<InvalidInputException>(() => Parse(deploy))!.Message;

    [Test]
    public void An_aks_environment_is_read_with_its_kubeconfig_relative_to_mlops_yml()
    {
        var aks = Parse(Aks).Deploy["production"].Aks!;

        Assert.That((aks.Namespace, aks.Name, aks.ServiceType, aks.Port), Is.EqualTo(("ml", "adult-income-production", "LoadBalancer", 8080)));
        Assert.That((aks.Requests, aks.Limits), Is.EqualTo((new AksResources("500m", "512Mi"), new AksResources("1", "1Gi"))));
        Assert.That(aks.Autoscale, Is.EqualTo(new AksAutoscale(2, 6, 60)));
        Assert.That((aks.PdbMinAvailable, aks.ProgressDeadlineSeconds, aks.Timeout), Is.EqualTo(((int?)1, 120, TimeSpan.FromMinutes(5))));
        Assert.That(aks.Credentials, Is.EqualTo(new AksCredentials("/repo/deploy/kubeconfig", "prod-cluster", null, null)));
        Assert.That(aks.SecureEnv["MLOPS_API_KEY"], Is.EqualTo("SCORING_KEY"));
    }

    [Test]
    public void A_bare_aks_environment_uses_the_default_namespace_and_kubeconfig()
    {
        var aks = Parse("deploy: { prod: { target: aks } }").Deploy["prod"].Aks!;

        Assert.That((aks.Namespace, aks.Replicas, aks.Autoscale, aks.Credentials.Kubeconfig), Is.EqualTo(("default", 2, (AksAutoscale?)null, (string?)null)));
    }

    [Test]
    public void An_aci_setting_in_an_aks_environment_is_an_error_at_its_line() =>
        Assert.That(ErrorOf(Aks.Replace("    context: prod-cluster", "    location: westeurope")),
            Does.StartWith("mlops.yml:17:5: unknown key 'location' in 'deploy.production'"));

    [Test]
    public void A_quantity_kubernetes_would_refuse_is_named_with_an_example() =>
        Assert.That(ErrorOf(Aks.Replace("memory: 512Mi", "memory: 512MB")),
            Is.EqualTo("mlops.yml:6:36: 'deploy.production.requests.memory' '512MB' is not a Kubernetes quantity (e.g. 512Mi or 2Gi)"));

    [Test]
    public void Replicas_and_autoscale_together_are_an_error() =>
        Assert.That(ErrorOf(Aks.Replace("    timeout-minutes: 5", "    replicas: 3")),
            Does.StartWith("mlops.yml:11:15: 'deploy.production' has both replicas and autoscale"));

    [Test]
    public void Kubeconfig_and_an_aad_server_are_exclusive_and_the_server_must_be_a_url()
    {
        Assert.That(ErrorOf(Aks.Replace("    context: prod-cluster", "    server: https://prod.hcp.westeurope.azmk8s.io:443")),
            Does.Contain("takes either kubeconfig (+ context) or server"));
        Assert.That(ErrorOf("deploy: { prod: { target: aks, server: prod.azmk8s.io } }"),
            Does.StartWith("mlops.yml:2:40: 'deploy.prod.server' must be the cluster's API server URL"));
    }

    [Test]
    public void An_uppercase_namespace_is_refused_before_the_cluster_sees_it() =>
        Assert.That(ErrorOf("deploy: { prod: { target: aks, namespace: ML } }"),
            Does.StartWith("mlops.yml:2:43: 'deploy.prod.namespace' namespace 'ML' must be 1-63 lowercase letters"));
}
