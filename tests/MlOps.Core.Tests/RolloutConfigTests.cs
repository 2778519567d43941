using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Core.Tests;

/// <summary>deploy.ENV.rollout: canary steps, interval and analysis thresholds, each mistake reported at its line.</summary>
public class RolloutConfigTests
{
    private static MlOpsConfig Parse(string rollout) => ConfigLoader.Parse(new StringReader($$"""
        model: { name: adult-income, task: binary-classification, label: income }
        deploy:
          test:
            target: local
            rollout: {{rollout}}
        """), "/repo/mlops.yml", "mlops.yml");

    private static string ErrorOf(string rollout) => Assert.Throws<InvalidInputException>(() => Parse(rollout))!.Message;

    [Test]
    public void A_canary_is_read_with_its_steps_interval_and_thresholds()
    {
        var rollout = Parse("{ strategy: canary, steps: [5, 25, 100], interval: 20s, ready-timeout: 2m, analysis: { max-error-rate: 0.02, max-p99-ms: 250, min-requests: 40 } }")
            .Deploy["test"].Rollout;
        Assert.That(rollout.IsCanary);
        Assert.That(rollout.Steps, Is.EqualTo(new[] { 5, 25, 100 }));
        Assert.That((rollout.Interval, rollout.ReadyTimeout), Is.EqualTo((TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2))));
        Assert.That(rollout.Analysis, Is.EqualTo(new CanaryAnalysis(0.02, 250, 40)));
        Assert.That(rollout.Mirror, Is.EqualTo(0), "no shadow phase unless asked");
        Assert.That(Parse("{ strategy: canary, mirror: 25 }").Deploy["test"].Rollout.Mirror, Is.EqualTo(25));
    }

    [Test]
    public void Without_a_rollout_a_deployment_is_all_at_once_and_a_bare_canary_gets_default_steps()
    {
        Assert.That(ConfigLoader.Parse(new StringReader("model: { name: m, task: regression, label: y }\ndeploy: { test: { target: local } }"),
            "/repo/mlops.yml", "mlops.yml").Deploy["test"].Rollout.IsCanary, Is.False);
        Assert.That(Parse("{ strategy: canary }").Deploy["test"].Rollout.Steps, Is.EqualTo(new[] { 10, 50, 100 }));
    }

    [TestCase("{ strategy: canary, steps: [10, 50] }", "mlops.yml:5:41: 'deploy.test.rollout.steps' must end with 100")]
    [TestCase("{ strategy: canary, steps: [50, 10, 100] }", "must increase (each step sends more traffic to the new version), found 50 then 10")]
    [TestCase("{ strategy: canary, steps: [0, 100] }", "must list percentages 1-100, found '0'")]
    [TestCase("{ strategy: canary, interval: 20 }", "mlops.yml:5:44: 'deploy.test.rollout.interval' must be a duration like 500ms, 20s or 2m; found '20'")]
    [TestCase("{ strategy: blue-green }", "'deploy.test.rollout.strategy' must be one of all-at-once, canary; found 'blue-green'")]
    [TestCase("{ steps: [10, 100] }", "applies to strategy canary; this rollout is all-at-once")]
    [TestCase("{ strategy: canary, analysis: { max-error-rate: 5 } }", "'deploy.test.rollout.analysis.max-error-rate' must be between 0 and 1, found 5")]
    [TestCase("{ mirror: 10 }", "'deploy.test.rollout.mirror' applies to strategy canary")]
    [TestCase("{ strategy: canary, mirror: 150 }", "'deploy.test.rollout.mirror' must be between 0 and 100, found 150")]
    [TestCase("{ strategy: canary, analysis: { p99: 250 } }", "unknown key 'p99' in 'deploy.test.rollout.analysis'")]
    public void A_bad_rollout_setting_names_the_line_and_what_is_expected(string rollout, string expected) =>
        Assert.That(ErrorOf(rollout), Does.Contain(expected));
}
