using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Core.Tests;

/// <summary>The deploy section: each environment chooses its target, and each target takes only its own settings.</summary>
public class DeployConfigTests
{
    private const string Head = """
        model: { name: adult-income, task: binary-classification, label: income }

        """;

    private static MlOpsConfig Parse(string deploy) =>
        ConfigLoader.Parse(new StringReader(Head + deploy), "/repo/mlops.yml", "mlops.yml");

    private static string ErrorOf(string deploy) => Assert.Throws<InvalidInputException>(() => Parse(deploy))!.Message;

    private const string Aci = """
        deploy:
          test:
            target: aci
            subscription: 00000000-1111-2222-3333-444444444444
            resource-group: ml-test
            location: westeurope
            cpu: 2
            memory-gb: 4
            registry: { server: myacr.azurecr.io, username-env: ACR_USERNAME, password-env: ACR_PASSWORD }
            env: { LOG_LEVEL: info }
            secure-env: { MLOPS_API_KEY: SCORING_KEY }
            timeout-minutes: 5
          local: { port: 0 }
        """;

    [Test]
    public void An_aci_environment_is_read_with_defaults_for_name_and_dns_label()
    {
        var config = Parse(Aci);

        var aci = config.Deploy["test"].Aci!;
        Assert.That(config.Deploy["test"].Target, Is.EqualTo("aci"));
        Assert.That(aci.ContainerGroup, Is.EqualTo("adult-income-test"));
        Assert.That(aci.DnsLabel, Is.EqualTo("adult-income-test"));
        Assert.That((aci.Cpu, aci.MemoryGb, aci.Timeout), Is.EqualTo((2.0, 4.0, TimeSpan.FromMinutes(5))));
        Assert.That(aci.Registry, Is.EqualTo(new AciRegistryCredential("myacr.azurecr.io", "ACR_USERNAME", "ACR_PASSWORD", null)));
        Assert.That(aci.Env["LOG_LEVEL"], Is.EqualTo("info"));
        Assert.That(aci.SecureEnv["MLOPS_API_KEY"], Is.EqualTo("SCORING_KEY"));
        Assert.That(config.Deploy["local"], Is.EqualTo(new DeployEnvironment("local", "local", "127.0.0.1", 0)), "target local is the default");
    }

    [Test]
    public void A_local_setting_in_an_aci_environment_is_an_error_at_its_line() =>
        Assert.That(ErrorOf(Aci.Replace("    timeout-minutes: 5", "    port: 8080")),
            Does.StartWith("mlops.yml:13:5: unknown key 'port' in 'deploy.test'"));

    [Test]
    public void An_aci_setting_in_a_local_environment_is_an_error() =>
        Assert.That(ErrorOf("deploy: { test: { target: local, location: westeurope } }"),
            Does.StartWith("mlops.yml:2:34: unknown key 'location' in 'deploy.test'").And.Contain("expected one of: target, host, port"));

    [Test]
    public void An_unknown_target_lists_the_choices() =>
        Assert.That(ErrorOf("deploy: { prod: { target: acl } }"),
            Does.StartWith("mlops.yml:2:27: 'deploy.prod.target' must be one of local, aci, aks, azureml-endpoint; found 'acl' (did you mean 'aci'?)"));

    [Test]
    public void Missing_aci_settings_are_named()
    {
        Assert.That(ErrorOf(Aci.Replace("    location: westeurope\n", "")), Does.StartWith("mlops.yml:4:5: missing required key 'location' in 'deploy.test'"));
        Assert.That(ErrorOf(Aci.Replace("username-env: ACR_USERNAME, ", "")),
            Does.Contain("'deploy.test.registry' needs username-env and password-env"));
    }

    [Test]
    public void Registry_credentials_are_a_password_or_a_managed_identity_not_both() =>
        Assert.That(ErrorOf(Aci.Replace("password-env: ACR_PASSWORD", "password-env: ACR_PASSWORD, identity: /subscriptions/s/x")),
            Does.Contain("takes either username-env + password-env or identity"));

    [Test]
    public void Names_that_ACI_refuses_are_caught_before_anything_runs() =>
        Assert.That(ErrorOf(Aci.Replace("    cpu: 2", "    name: Adult_Income")),
            Does.StartWith("mlops.yml:8:11: 'deploy.test.name' container group name 'Adult_Income' must be 1-63 lowercase letters"));

    [Test]
    public void A_secret_value_written_where_its_variable_name_belongs_is_refused() =>
        Assert.That(ErrorOf(Aci.Replace("SCORING_KEY", "'p@ss w0rd'")),
            Does.Contain("'deploy.test.secure-env.MLOPS_API_KEY' names the environment variable that holds the secret"));

    [Test]
    public void No_deploy_section_means_no_configured_environments() =>
        Assert.That(Parse("").Deploy, Is.Empty);

    private const string Endpoint = """
        deploy:
          prod:
            target: azureml-endpoint
            subscription: 00000000-1111-2222-3333-444444444444
            resource-group: ml-prod
            workspace: ml-ws
            location: westeurope
            instance-type: Standard_F4s_v2
            instance-count: 3
            auth-mode: aml_token
            deployment-names: model-version
            probes: { readiness: { initial-delay-seconds: 20, failure-threshold: 10 } }
            env: { LOG_LEVEL: info }
            timeout-minutes: 45
        """;

    [Test]
    public void An_azureml_endpoint_environment_is_read_with_its_settings_and_defaults()
    {
        var env = Parse(Endpoint).Deploy["prod"];

        var aml = env.AzureMlEndpoint!;
        Assert.That(env.Target, Is.EqualTo("azureml-endpoint"));
        Assert.That((aml.Subscription, aml.ResourceGroup, aml.Workspace, aml.Location),
            Is.EqualTo(("00000000-1111-2222-3333-444444444444", "ml-prod", "ml-ws", "westeurope")));
        Assert.That(aml.Endpoint, Is.EqualTo("adult-income-prod"), "default name MODEL-ENV");
        Assert.That((aml.InstanceType, aml.InstanceCount, aml.AuthMode, aml.DeploymentNames), Is.EqualTo(("Standard_F4s_v2", 3, "AMLToken", "model-version")));
        Assert.That(aml.Readiness, Is.EqualTo(new AzureMlProbe(20, 5, 5, 10)), "given keys override the default probe, the others stay");
        Assert.That(aml.Liveness, Is.EqualTo(new AzureMlProbe(10, 10, 5, 3)));
        Assert.That(aml.Env["LOG_LEVEL"], Is.EqualTo("info"));
        Assert.That(aml.Timeout, Is.EqualTo(TimeSpan.FromMinutes(45)));
        Assert.That(Parse(Endpoint.Replace("    auth-mode: aml_token\n", "")).Deploy["prod"].AzureMlEndpoint!.AuthMode, Is.EqualTo("Key"), "key is the default");
    }

    [Test]
    public void Bad_azureml_endpoint_settings_are_errors_at_their_line()
    {
        Assert.That(ErrorOf(Endpoint.Replace("    workspace: ml-ws\n", "")), Does.StartWith("mlops.yml:4:5: missing required key 'workspace' in 'deploy.prod'"));
        Assert.That(ErrorOf(Endpoint.Replace("auth-mode: aml_token", "auth-mode: token")),
            Does.StartWith("mlops.yml:11:16: 'deploy.prod.auth-mode' must be one of key, aml_token; found 'token'"));
        Assert.That(ErrorOf(Endpoint.Replace("instance-count: 3", "instance-count: 0")), Does.StartWith("mlops.yml:10:21: 'deploy.prod.instance-count'"));
        Assert.That(ErrorOf(Endpoint.Replace("deployment-names: model-version", "deployment-names: red-black")),
            Does.StartWith("mlops.yml:12:23: 'deploy.prod.deployment-names' must be one of blue-green, model-version"));
        Assert.That(ErrorOf(Endpoint.Replace("failure-threshold: 10", "failure-treshold: 10")),
            Does.StartWith("mlops.yml:13:55: unknown key 'failure-treshold' in 'deploy.prod.probes.readiness'"));
        Assert.That(ErrorOf(Endpoint.Replace("    timeout-minutes: 45", "    cpu: 2")), Does.StartWith("mlops.yml:15:5: unknown key 'cpu' in 'deploy.prod'"));
    }

    [Test]
    public void Endpoint_names_that_Azure_ML_refuses_are_caught_before_anything_runs() =>
        Assert.That(ErrorOf(Endpoint.Replace("    location: westeurope", "    location: westeurope\n    name: 9-lives")),
            Does.StartWith("mlops.yml:9:11: 'deploy.prod.name' endpoint name '9-lives' must be 3-32 letters, digits and '-', starting with a letter"));
}
