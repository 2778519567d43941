namespace MlOps.Templates.Tests;

/// <summary>The repository (found by MlOpsTasks.sln above the test folder), its pipelines, templates and actions, and shared/schemas.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MlOpsTasks.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("MlOpsTasks.sln not found above the test directory");
        }
    }

    public static string Schema(string file) => Path.Combine(Path.GetDirectoryName(SharedData.Folder)!, "schemas", file);

    public static IEnumerable<string> GitHubWorkflows => Files("pipelines/github");

    public static IEnumerable<string> AzurePipelines => Files("pipelines/azure-pipelines");

    /// <summary>templates/github/*.yml, the reusable workflows (on: workflow_call).</summary>
    public static IEnumerable<string> GitHubTemplates => Files("templates/github");

    /// <summary>templates/azure-pipelines/{steps,jobs,stages}/*.yml.</summary>
    public static IEnumerable<string> AzureTemplates => Files("templates/azure-pipelines", SearchOption.AllDirectories);

    /// <summary>actions/NAME/action.yml, the GitHub actions of this repository.</summary>
    public static IEnumerable<string> Actions =>
        Directory.EnumerateFiles(Path.Combine(Root, "actions"), "action.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Root, f));

    private static IEnumerable<string> Files(string folder, SearchOption depth = SearchOption.TopDirectoryOnly) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.yml", depth).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Root, f));
}
