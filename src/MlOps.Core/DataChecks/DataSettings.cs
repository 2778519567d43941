using MlOps.Core.Gates;

namespace MlOps.Core.DataChecks;

/// <summary>
/// <c>evaluate.data</c>. Schema <c>frozen</c>: columns added, removed or retyped since the production model fail the
/// gate; <c>off</c> (default): reported only, since the signature check already guards what callers send. Drift thresholds gate each feature (without them drift is
/// reported only). Invariants are checked on the evaluation data.
/// </summary>
public sealed record DataSettings(bool FrozenSchema, ThresholdRule? Psi, ThresholdRule? Ks, IReadOnlyList<InvariantRule> Invariants)
{
    public static readonly DataSettings Default = new(false, null, null, []);
}
