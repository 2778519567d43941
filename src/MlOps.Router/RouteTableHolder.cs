namespace MlOps.Router;

/// <summary>
/// The current <see cref="RouteTable"/>. A request enters the table it read (its in-flight count) and checks the table
/// is still current; a change swaps the table and then waits for the old one's requests to finish. When
/// <see cref="ReplaceAsync"/> returns, no request is on its way to a version the old table named and the new one
/// does not, so the caller may stop that version without a client seeing a failure.
/// </summary>
public sealed class RouteTableHolder
{
    private RouteTable _current = RouteTable.Empty;

    public RouteTable Current => Volatile.Read(ref _current);

    /// <summary>The table to forward under; pair it with <see cref="Leave"/> once the answer is written.</summary>
    public RouteTable Enter()
    {
        while (true)
        {
            var table = Current;
            Interlocked.Increment(ref table.InFlight);
            if (ReferenceEquals(table, Current)) return table;
            Interlocked.Decrement(ref table.InFlight); // swapped meanwhile: the new table's split applies
        }
    }

    public static void Leave(RouteTable table) => Interlocked.Decrement(ref table.InFlight);

    /// <returns>False when the old table still had requests in flight after <paramref name="drainTimeout"/>.</returns>
    public async Task<bool> ReplaceAsync(RouteTable table, TimeSpan drainTimeout, CancellationToken ct)
    {
        var old = Interlocked.Exchange(ref _current, table);
        var deadline = DateTime.UtcNow + drainTimeout;
        while (Volatile.Read(ref old.InFlight) > 0)
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20, ct);
        }
        return true;
    }
}
