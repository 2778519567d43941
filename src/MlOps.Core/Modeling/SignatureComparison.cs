using MlOps.Core.Data;

namespace MlOps.Core.Modeling;

public sealed record SignatureChange(string What, bool Breaking);

/// <summary>
/// What a client of the production model would notice if the candidate replaced it. Adding a required input,
/// changing an input's type or changing the outputs (task, label, classes) breaks callers; dropping an input does not,
/// because the scoring server ignores fields it does not need.
/// </summary>
public static class SignatureComparison
{
    public static IReadOnlyList<SignatureChange> Compare(ModelCard production, ModelCard candidate)
    {
        var changes = new List<SignatureChange>();
        var before = production.Features.ToDictionary(f => f.Name);
        var after = candidate.Features.ToDictionary(f => f.Name);
        foreach (var f in candidate.Features.Where(f => !before.ContainsKey(f.Name)))
            changes.Add(new($"new required input '{f.Name}' ({ColumnSchema.KindName(f.Kind)})", true));
        foreach (var f in production.Features.Where(f => !after.ContainsKey(f.Name)))
            changes.Add(new($"input '{f.Name}' is no longer used", false));
        foreach (var f in candidate.Features.Where(f => before.TryGetValue(f.Name, out var old) && old.Kind != f.Kind))
            changes.Add(new($"input '{f.Name}' changed from {ColumnSchema.KindName(before[f.Name].Kind)} to {ColumnSchema.KindName(f.Kind)}", true));
        if (candidate.Task != production.Task)
            changes.Add(new($"task changed from {production.Task.ToName()} to {candidate.Task.ToName()}", true));
        if (candidate.Label != production.Label)
            changes.Add(new($"predicts '{candidate.Label}' instead of '{production.Label}'", true));
        if (!candidate.Classes.SequenceEqual(production.Classes))
            changes.Add(new($"classes changed from [{string.Join(", ", production.Classes)}] to [{string.Join(", ", candidate.Classes)}]", true));
        if (candidate.Positive != production.Positive)
            changes.Add(new($"positive class changed from '{production.Positive}' to '{candidate.Positive}'", true));
        return changes;
    }
}
