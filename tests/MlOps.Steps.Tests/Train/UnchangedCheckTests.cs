using MlOps.Core.Errors;
using MlOps.Registry;
using MlOps.Steps.Train;

namespace MlOps.Steps.Tests.Train;

public class UnchangedCheckTests
{
    private static readonly TrainingInputs Inputs = new(new string('a', 64), new string('b', 64));

    private string _dir = "";
    private LocalModelRegistry _registry = null!;

    [SetUp]
    public void Fresh()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mlops-unchanged-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_dir, "model"));
        File.WriteAllText(Path.Combine(_dir, "model", "model.zip"), "not a real model; the registry only copies it");
        _registry = new LocalModelRegistry(Path.Combine(_dir, "registry"));
    }

    [TearDown]
    public void Clean() => Directory.Delete(_dir, true);

    private async Task Production(Dictionary<string, string> properties)
    {
        var version = await _registry.RegisterAsync("churn", Path.Combine(_dir, "model"), new RegisterOptions(Properties: properties));
        await _registry.SetAliasAsync("churn", version.Version, "production");
    }

    private Task<RetrainDecision> Decide(TrainingInputs inputs) => UnchangedCheck.DecideAsync(_registry, "churn", "production", inputs, default);

    [Test]
    public async Task A_model_never_registered_trains_as_the_first_run()
    {
        var decision = await Decide(Inputs);
        Assert.That(decision.Skip, Is.False);
        Assert.That(decision.Reason, Is.EqualTo("training: churn@production does not exist yet (first run), so there is nothing to compare with"));
    }

    [Test]
    public async Task A_model_without_the_alias_trains_as_the_first_run()
    {
        await _registry.RegisterAsync("churn", Path.Combine(_dir, "model"));
        Assert.That((await Decide(Inputs)).Reason, Does.Contain("churn@production does not exist yet (first run)"));
    }

    [Test]
    public async Task Equal_hashes_skip_and_name_the_version()
    {
        await Production(new() { [TrainingInputs.DataProperty] = Inputs.DataSha256, [TrainingInputs.SettingsProperty] = Inputs.SettingsSha256 });
        var decision = await Decide(Inputs with { DataSha256 = Inputs.DataSha256.ToUpperInvariant() });
        Assert.That(decision.Skip, Is.True);
        Assert.That(decision.Baseline!.Reference, Is.EqualTo("churn:1"));
        Assert.That(decision.Reason, Does.EndWith("are those churn:1 (production) was trained on"));
    }

    [TestCase("data", "training: the training data changed since churn:1 (production) (sha256 aaaaaaaaaaaa → cccccccccccc)")]
    [TestCase("settings", "training: the model/data/train settings of mlops.yml (or --seed/--exclude) changed since churn:1 (production)")]
    [TestCase("both", "training: the training data and the model/data/train settings changed since churn:1 (production)")]
    public async Task A_changed_hash_trains_and_says_which(string changed, string reason)
    {
        await Production(new() { [TrainingInputs.DataProperty] = Inputs.DataSha256, [TrainingInputs.SettingsProperty] = Inputs.SettingsSha256 });
        var now = new TrainingInputs(changed is "data" or "both" ? new string('c', 64) : Inputs.DataSha256,
            changed is "settings" or "both" ? new string('d', 64) : Inputs.SettingsSha256);
        var decision = await Decide(now);
        Assert.That(decision.Skip, Is.False);
        Assert.That(decision.Reason, Is.EqualTo(reason));
    }

    [Test]
    public async Task A_version_that_recorded_no_settings_hash_trains_rather_than_guess()
    {
        await Production(new() { [TrainingInputs.DataProperty] = Inputs.DataSha256 });
        var decision = await Decide(Inputs);
        Assert.That(decision.Skip, Is.False);
        Assert.That(decision.Reason, Does.StartWith("training: churn:1 (production) does not record the hashes"));
    }

    [Test]
    public async Task An_invalid_alias_is_bad_input()
    {
        await Production(new());
        var e = Assert.ThrowsAsync<InvalidInputException>(() => UnchangedCheck.DecideAsync(_registry, "churn", "no such/alias", Inputs, default));
        Assert.That((await e)!.Message, Does.StartWith("--skip-if-unchanged no such/alias: "));
    }
}
