using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("init", HelpText = "Add mlops to a repository: the ready pipelines and reusable templates of its CI host and a starter mlops.yml. Writes nothing if a file exists (unless --force).")]
public sealed class InitVerb
{
    [Option("host", MetaValue = "HOST", HelpText = "github or azure-pipelines (default: detected from .github/, azure-pipelines.yml or the origin remote).")]
    public string? Host { get; set; }

    [Option('d', "dir", MetaValue = "DIR", HelpText = "The repository's root folder (default: the current folder).")]
    public string? Dir { get; set; }

    [Option("model", MetaValue = "NAME", HelpText = "Model name in mlops.yml (default: the folder's name).")]
    public string? Model { get; set; }

    [Option("data", MetaValue = "TRAIN.csv", HelpText = "Training CSV: mlops.yml gets its path, the task and positive class inferred from --label's values, and the columns that are not features.")]
    public string? Data { get; set; }

    [Option("test", MetaValue = "TEST.csv", HelpText = "Test CSV the gate scores models on (same columns as --data).")]
    public string? Test { get; set; }

    [Option("label", MetaValue = "COLUMN", HelpText = "The column the model predicts (needed with --data).")]
    public string? Label { get; set; }

    [Option("task", MetaValue = "TASK", HelpText = "binary-classification, multiclass-classification or regression (default: inferred from --label's values).")]
    public string? Task { get; set; }

    [Option("force", HelpText = "Overwrite files that already exist.")]
    public bool Force { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Pipelines and a starter mlops.yml for the repository in the current folder (host detected)", new InitVerb()),
        new("GitHub Actions, with mlops.yml inferred from the data", new InitVerb
            { Host = "github", Data = "data/adult_train.csv", Test = "data/adult_test.csv", Label = "income" }),
        new("Azure Pipelines into another folder, replacing files written before", new InitVerb { Host = "azure-pipelines", Dir = "../my-repo", Force = true }),
    ];
}
