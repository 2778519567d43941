namespace MlOps.Steps.Delivery;

/// <param name="Since">30d, 2w, 12h or a UTC date/time; the window always ends now.</param>
/// <param name="Alias">The alias whose moves are production changes (ignored when <paramref name="Environment"/> is set).</param>
/// <param name="Environment">Measure deployments to this environment instead of alias moves.</param>
public sealed record DeliveryOptions(
    string? Model = null,
    string Since = "30d",
    string Alias = "production",
    string? Environment = null,
    DeliveryFormat Format = DeliveryFormat.Table,
    string? ConfigPath = null,
    string? RegistryPath = null);
