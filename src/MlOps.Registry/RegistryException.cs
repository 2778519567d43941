namespace MlOps.Registry;

/// <summary>
/// The one exception a registry throws for anything a user can fix or retry; the message is meant to be shown as is
/// (it names the bad value and what exists or is expected), <see cref="Kind"/> is for code.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(RegistryErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public RegistryErrorKind Kind { get; }
}
