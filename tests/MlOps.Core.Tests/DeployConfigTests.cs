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
    public void Targets_not_built_yet_are_named_as_planned_and_unknown_ones_list_the_choices()
    {
        Assert.That(ErrorOf("deploy: { prod: { target: azureml-endpoint } }"),
            Is.EqualTo("mlops.yml:2:27: 'deploy.prod.target' azureml-endpoint is planned but not built yet; available targets: local, aci, aks"));
        Assert.That(ErrorOf("deploy: { prod: { target: acl } }"),
            Does.StartWith("mlops.yml:2:27: 'deploy.prod.target' must be one of local, aci, aks; found 'acl' (did you mean 'aci'?)"));
    }

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
}
