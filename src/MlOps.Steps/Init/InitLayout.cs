namespace MlOps.Steps.Init;

/// <summary>
/// Where each bundled file goes in a user's repository. Azure Pipelines: pipelines/azure-pipelines/ and
/// templates/azure-pipelines/ at the same paths as in the mlops repository, so every relative <c>template:</c>
/// reference keeps resolving and the files are byte-for-byte copies. GitHub: .github/workflows/ (GitHub reads no other
/// folder and no subfolders): pipelines as mlops-NAME.yml, reusable workflows as mlops-reusable-NAME.yml, with the
/// calls to them rewritten (<see cref="WorkflowReferences"/>).
/// </summary>
public static class InitLayout
{
    public const string WorkflowsFolder = ".github/workflows";

    public static IReadOnlyList<PlannedFile> Plan(RepoHost host, IReadOnlyList<BundledFile> bundled)
    {
        var pipelines = $"pipelines/{host.Folder()}";
        var templates = $"templates/{host.Folder()}";
        var mine = bundled.Where(f => f.IsUnder(pipelines) || f.IsUnder(templates)).ToList();
        if (host == RepoHost.AzurePipelines)
            return mine.Select(f => new PlannedFile(f.RepoPath, f.Content, f.RepoPath)).ToList();

        var templateNames = mine.Where(f => f.IsUnder(templates)).Select(f => f.RepoPath[(templates.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
        return mine.Select(f =>
        {
            var isTemplate = f.IsUnder(templates);
            var relative = f.RepoPath[((isTemplate ? templates : pipelines).Length + 1)..];
            var target = isTemplate ? TemplatePath(relative) : $"{WorkflowsFolder}/mlops-{Flatten(relative)}";
            return new PlannedFile(target, WorkflowReferences.Rewrite(f.Content, templateNames, t => "./" + TemplatePath(t)), f.RepoPath);
        }).ToList();
    }

    /// <summary>Where a reusable workflow at templates/github/<paramref name="relative"/> is written.</summary>
    public static string TemplatePath(string relative) => $"{WorkflowsFolder}/mlops-reusable-{Flatten(relative)}";

    private static string Flatten(string relative) => relative.Replace('/', '-');
}
