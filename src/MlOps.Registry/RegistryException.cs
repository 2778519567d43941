namespace MlOps.Registry;

public enum RegistryErrorKind { ModelNotFound, VersionNotFound, AliasNotFound, Conflict, InvalidName, InvalidReference, InvalidSource }

public sealed class RegistryException(RegistryErrorKind kind, string message) : Exception(message)
{
    public RegistryErrorKind Kind { get; } = kind;
}
