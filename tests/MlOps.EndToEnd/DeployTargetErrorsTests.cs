namespace MlOps.EndToEnd;

/// <summary>The deploy errors a user meets first, from the built CLI: each is exit 2, says what to fix, and touches nothing.</summary>
public class DeployTargetErrorsTests
{
    private const string Model = "model: { name: adult-income, task: binary-classification, label: income }\n";

    private const string Deploy = """
        deploy:
          test: { target: aci, subscription: s, resource-group: ml-test, location: westeurope }
          production: { target: local }
        """;

    [Test]
    public void An_unknown_environment_lists_the_configured_ones()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", Model + Deploy);

        var run = ws.Mlops("deploy", "--environment", "staging");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("no deploy environment 'staging'; deploy has: test, production"));
    }

    [Test]
    public void An_aci_environment_without_an_image_asks_for_one_before_calling_Azure()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", Model + Deploy);

        var run = ws.Mlops("deploy", "--env", "test");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("deploy.test has target aci, which runs a container image: pass --image REGISTRY/NAME:TAG or --package DIR"));
    }

    [Test]
    public void An_unknown_target_is_a_config_error_at_its_line()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", Model + "deploy:\n  production: { target: kubernetes }\n");

        var run = ws.Mlops("deploy", "--env", "production");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("mlops.yml:3:25: 'deploy.production.target' must be one of local, aci, aks, azureml-endpoint; found 'kubernetes'"));
    }

    [Test]
    public void No_environment_at_all_names_the_flag()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", Model + Deploy);

        var run = ws.Mlops("deploy");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("mlops deploy needs --env NAME (or --environment NAME)"));
    }
}
