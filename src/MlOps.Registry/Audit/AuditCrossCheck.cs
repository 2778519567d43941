namespace MlOps.Registry.Audit;

/// <summary>
/// Checks the trail against the versions on disk, which catches what the chain alone cannot: a "registered" line
/// cut off the end of the log, or a version.json replaced after its registration.
/// </summary>
internal static class AuditCrossCheck
{
    /// <param name="published">Versions (with their content hash) listed before the log was read.</param>
    /// <param name="publishedAfter">Versions listed after the log was read.</param>
    public static AuditVerification Apply(AuditVerification chain, IReadOnlyDictionary<(string Model, int Version), string> published,
        IReadOnlySet<(string Model, int Version)> publishedAfter)
    {
        var problems = chain.Problems.ToList();
        var notes = chain.Notes.ToList();
        var registered = chain.Lines
            .Where(l => l.Event.Event == AuditEventKinds.Registered && l.Event.Version is not null)
            .GroupBy(l => (l.Event.Model, Version: l.Event.Version!.Value))
            .ToDictionary(g => g.Key, g => g.ToList());
        var newest = published.Keys.GroupBy(k => k.Model).ToDictionary(g => g.Key, g => g.Max(k => k.Version));

        foreach (var ((model, version), contentSha256) in published.OrderBy(p => p.Key.Model, StringComparer.Ordinal).ThenBy(p => p.Key.Version))
        {
            if (!registered.TryGetValue((model, version), out var events))
            {
                if (version == newest[model])
                    notes.Add($"{model}:{version} is published but its 'registered' event is not written yet (its writer stopped after "
                        + $"publishing, or is finishing now); the next registration of {model} records it");
                else
                    problems.Add(new AuditProblem(0, $"{model}:{version} is in the registry but the log has no 'registered' event for it: "
                        + "the line was deleted or the end of the log cut off"));
                continue;
            }
            if (events.Count > 1)
                problems.Add(new AuditProblem(events[1].LineNumber,
                    $"line {events[1].LineNumber} registers {model}:{version} again (first on line {events[0].LineNumber}): a line was copied"));
            var recorded = events[0].Event.Details?.GetValueOrDefault("contentSha256");
            if (recorded is not null && recorded != contentSha256)
                problems.Add(new AuditProblem(events[0].LineNumber,
                    $"{model}:{version}: version.json says content sha256 {contentSha256[..12]}…, its 'registered' event on line "
                    + $"{events[0].LineNumber} says {recorded[..Math.Min(12, recorded.Length)]}…: the version's metadata was replaced"));
        }
        foreach (var ((model, version), events) in registered)
            if (!publishedAfter.Contains((model, version)))
                problems.Add(new AuditProblem(events[0].LineNumber,
                    $"line {events[0].LineNumber} registers {model}:{version}, which is not in the registry: the version was deleted"));
        return chain with { Problems = problems, Notes = notes };
    }
}
