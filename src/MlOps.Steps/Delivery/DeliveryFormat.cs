namespace MlOps.Steps.Delivery;

/// <summary>How `mlops metrics delivery` prints: a table for people, JSON for dashboards, Mermaid for a PR or wiki page.</summary>
public enum DeliveryFormat { Table, Json, Mermaid }
