namespace MlOps.Azure.AzureMl;

/// <summary>
/// What Datastores_ListSecrets returned: an account key or a SAS token; neither for identity-based datastores, which
/// are then read with the caller's own token (it needs Storage Blob Data Contributor on the account).
/// </summary>
public sealed record DatastoreSecrets(string SecretsType, string? AccountKey, string? SasToken);
