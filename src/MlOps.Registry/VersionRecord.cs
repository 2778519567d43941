namespace MlOps.Registry;

/// <summary>NAME/versions/N/version.json: written once in the staging folder, never changed after publication.</summary>
/// <param name="Tags">The tags given at registration; later changes live in <see cref="ModelMeta"/>.</param>
/// <param name="RegisteredBy">Who registered it (CI identity, run URL), kept so a crash before the audit event can be recovered with the right "who".</param>
internal sealed record VersionRecord(
    string Name,
    int Version,
    DateTimeOffset CreatedAt,
    string ContentSha256,
    Dictionary<string, string> Tags,
    Dictionary<string, string> Properties,
    string? Description,
    Audit.AuditContext? RegisteredBy = null);
