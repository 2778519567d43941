namespace MlOps.Registry;

/// <summary>Why a registry call failed, so callers can map it (not found vs. conflict vs. bad input) without parsing text.</summary>
public enum RegistryErrorKind
{
    ModelNotFound,
    VersionNotFound,
    AliasNotFound,
    Conflict,
    InvalidName,
    InvalidReference,
    InvalidSource,
}
