using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("train", HelpText = "Train a model as mlops.yml says (ML.NET built-in, or any command). Writes model + model.json + run.json.")]
public sealed class TrainVerb
{
    [Option('c', "config", Default = "mlops.yml", HelpText = "Path to mlops.yml.")]
    public string Config { get; set; } = "mlops.yml";

    [Option('o', "output", HelpText = "Folder for the trained model (default: .mlops/runs/NAME-TIME beside mlops.yml).")]
    public string? Output { get; set; }

    [Option("seed", HelpText = "Random seed (overrides train.seed).")]
    public int? Seed { get; set; }

    [Option("exclude", Separator = ',', HelpText = "Extra columns to leave out, comma-separated (adds to data.exclude).")]
    public IEnumerable<string> Exclude { get; set; } = [];

    [Option("skip-if-unchanged", MetaValue = "ALIAS",
        HelpText = "Do not train when the model behind NAME@ALIAS (e.g. production) was trained on the same training data and model/data/train settings; exits 0 with output trained=false.")]
    public string? SkipIfUnchanged { get; set; }

    [Option("result", HelpText = "Where to write the outcome as JSON: trained or skipped, why, the model folder (default: .mlops/train-result.json beside mlops.yml).")]
    public string? Result { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Train the model described in ./mlops.yml", new TrainVerb()),
        new("Train into a chosen folder with another seed", new TrainVerb { Config = "examples/adult-income/mlops.yml", Output = "out/candidate", Seed = 7 }),
        new("Nightly: train only if the data changed since production was trained", new TrainVerb { SkipIfUnchanged = "production" }),
    ];
}
