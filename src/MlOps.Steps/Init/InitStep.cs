using System.Text;
using System.Text.RegularExpressions;
using MlOps.CiHosts;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Steps.Common;

namespace MlOps.Steps.Init;

/// <summary>
/// <c>mlops init</c>: writes the host's ready pipelines and reusable templates and a starter mlops.yml into a
/// repository. All or nothing: an existing file stops it (exit 2, nothing written) unless --force, and the files are
/// written to a scratch folder first and moved into place only when all of them were written.
/// </summary>
public sealed partial class InitStep(StepContext context, IReadOnlyList<BundledFile>? bundled = null)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ModelName();

    private readonly IReadOnlyList<BundledFile> _bundled = bundled ?? BundledFiles.All;

    public InitResult Run(InitOptions options)
    {
        var directory = Path.GetFullPath(options.Directory);
        if (!Directory.Exists(directory))
            throw new InvalidInputException($"--dir {options.Directory}: no such folder; create it (or clone the repository) first");
        var notes = new List<string>();
        var model = Describe(options, directory, notes);
        var host = options.Host ?? RepoHostDetector.Detect(directory);

        var config = StarterConfig.Write(model, directory);
        // The file must load as `mlops train` will load it; a failure here is a bug in init, not in the user's input.
        ConfigLoader.Parse(new StringReader(config), Path.Combine(directory, ConfigLoader.DefaultFileName), ConfigLoader.DefaultFileName);
        var pipelines = InitLayout.Plan(host, _bundled);
        if (pipelines.Count == 0)
            throw new InvalidOperationException($"this mlops was built without the {host.ToName()} pipelines (none embedded)");
        var files = pipelines.Append(new PlannedFile(ConfigLoader.DefaultFileName, Encoding.UTF8.GetBytes(config), ConfigLoader.DefaultFileName)).ToList();

        if (files.FirstOrDefault(f => Directory.Exists(Path.Combine(directory, f.Path))) is { } blocked)
            throw new InvalidInputException($"{Path.Combine(directory, blocked.Path)} is a folder where init writes a file; move it away (--force replaces files, never folders)");
        var existing = files.Select(f => f.Path).Where(p => File.Exists(Path.Combine(directory, p))).ToList();
        if (existing.Count > 0 && !options.Force)
            throw new InvalidInputException(
                $"{directory}: {existing.Count} file(s) already exist and were left alone, nothing was written:\n" +
                string.Join("\n", existing.Select(p => $"  {p}")) + "\npass --force to overwrite them");
        Write(directory, files);

        context.Say($"mlops init: {host.ToName()} pipelines and mlops.yml for model '{model.Name}' ({model.Task.ToName()}) in {directory}");
        foreach (var f in files)
            context.Say($"  {(existing.Contains(f.Path) ? "overwrote" : "wrote")} {f.Path}{(f.Source == f.Path ? "" : $"  (from {f.Source})")}");
        foreach (var note in notes) context.Say($"note: {note}");
        if (host == RepoHost.GitHub) WarnOfMissingCalls(directory, files);
        context.Say("next steps:");
        var steps = NextSteps.For(host, files, model, directory);
        for (var i = 0; i < steps.Count; i++) context.Say($"  {i + 1}. {steps[i]}");
        return new InitResult(host, files.Select(f => f.Path).ToList(), existing, model);
    }

    /// <summary>A workflow calling ./actions/x or a reusable workflow the repository lacks fails only when it runs; say so now.</summary>
    private void WarnOfMissingCalls(string directory, IReadOnlyList<PlannedFile> files)
    {
        foreach (var f in files)
            foreach (var call in WorkflowReferences.LocalCalls(f.Content).Distinct())
                if (files.All(w => w.Path != call) && !File.Exists(Path.Combine(directory, call)) && !Directory.Exists(Path.Combine(directory, call)))
                    context.Host.LogIssue(IssueSeverity.Warning, $"calls ./{call}, which is not in this repository: add it or change the reference", f.Path);
    }

    private static StarterModel Describe(InitOptions o, string directory, ICollection<string> notes)
    {
        if (o.Test is not null && o.Data is null)
            throw new InvalidInputException("--test needs --data: pass the training CSV too (--data TRAIN.csv --test TEST.csv --label COLUMN)");
        if (o.Data is not null && o.Label is null)
            throw new InvalidInputException($"--data {o.Data} needs --label: the column the model predicts");
        var name = o.Model ?? NameOf(directory);
        if (!ModelName().IsMatch(name))
            throw new InvalidInputException($"--model '{name}' may hold only letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit)");
        if (o.Data is null)
            return new StarterModel(name, o.Task ?? ModelTask.BinaryClassification, o.Label ?? "label",
                null, null, null, [], [], o.Task is null ? "a placeholder: set the task of your model" : null);
        return DatasetInspector.Inspect(name, o.Data, o.Test, o.Label!, o.Task, notes);
    }

    /// <summary>The folder's name made into a model name (my_repo → my_repo, "My Repo" → my-repo); "model" when nothing is left.</summary>
    private static string NameOf(string directory)
    {
        var cleaned = Regex.Replace(Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar)).ToLowerInvariant(), "[^a-z0-9._-]+", "-").Trim('-', '.', '_');
        return cleaned.Length == 0 ? "model" : cleaned[..Math.Min(cleaned.Length, 128)];
    }

    private static void Write(string directory, IReadOnlyList<PlannedFile> files)
    {
        // The scratch folder is inside the target so each move is a rename on one file system.
        var scratch = Path.Combine(directory, $".mlops-init-{Guid.NewGuid():N}");
        try
        {
            foreach (var f in files)
            {
                var path = Path.Combine(scratch, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, f.Content);
            }
            foreach (var f in files)
            {
                var target = Path.Combine(directory, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(scratch, f.Path), target, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}
