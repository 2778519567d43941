namespace MlOps.Registry.Audit;

/// <summary>
/// The registry's append-only, hash-chained history (ROOT/events.jsonl), for events that are not registry changes
/// (a gate decision, a deployment). Appends take the registry lock, so they interleave safely with registrations.
/// </summary>
public sealed class AuditTrail
{
    private readonly TimeSpan _lockTimeout;
    private readonly AuditContext _context;

    public AuditTrail(string registryRoot, AuditContext? context = null, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registryRoot);
        RegistryRoot = Path.GetFullPath(registryRoot);
        _context = context ?? new AuditContext();
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    public string RegistryRoot { get; }

    public string LogPath => Path.Combine(RegistryRoot, RegistryNames.EventsFileName);

    /// <summary>Appends the event, stamped with this trail's who/why, and returns it as written (seq, hashes).</summary>
    public async Task<AuditEvent> AppendAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        using (await RegistryLock.AcquireAsync(RegistryRoot, _lockTimeout, cancellationToken).ConfigureAwait(false))
            return AuditLog.Append(LogPath, _context.Stamp(e));
    }

    /// <summary>Reads and checks the chain alone; <see cref="LocalModelRegistry.ReadAuditAsync"/> also checks it against the versions.</summary>
    public AuditVerification Read() => AuditVerifier.Verify(AuditLog.ReadAll(LogPath));
}
