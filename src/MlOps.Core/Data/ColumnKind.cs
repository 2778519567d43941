namespace MlOps.Core.Data;

public enum ColumnKind { Numeric, Categorical }

public sealed record ColumnSchema(string Name, ColumnKind Kind)
{
    public static string KindName(ColumnKind kind) => kind == ColumnKind.Numeric ? "numeric" : "categorical";
}
