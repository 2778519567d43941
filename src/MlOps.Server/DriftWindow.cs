namespace MlOps.Server;

/// <summary>
/// Bin counts of the last rows scored, kept as a ring of <see cref="Steps"/> slots of rows each, so the window
/// slides a slot at a time: it holds between (Steps - 1) and Steps slots of the most recent rows, i.e. 90 to 100% of
/// the rows asked for. Cheap on the request path and exact under concurrency without a lock: each request reserves a
/// range of row numbers with one atomic add, counts its rows per slot locally and adds them with atomic adds. A slot
/// is recycled by swapping in a new one, so a writer still holding the old one (its rows have aged out) writes into an
/// orphan nobody reads instead of into the new slot's counts.
/// </summary>
internal sealed class DriftWindow
{
    public const int Steps = 10;

    /// <summary>Counting rows into a span on the stack pays off only when a request has more values than bins.</summary>
    private const int MaxStackBins = 1024;

    private readonly Slot?[] _slots;
    private readonly int _slotRows;
    private readonly int _bins;
    private long _next;

    /// <param name="rows">Rows the window holds at most (rounded up to whole slots).</param>
    /// <param name="bins">Bins of every series together; a row adds one to one bin of each series.</param>
    public DriftWindow(int rows, int bins)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "the window must hold at least one row");
        _slotRows = (int)((rows + (long)Steps - 1) / Steps);
        _slots = new Slot?[(rows + (long)_slotRows - 1) / _slotRows];
        _bins = bins;
    }

    /// <summary>
    /// Adds <paramref name="rows"/> rows, each standing for <paramref name="weight"/> rows of traffic (a sample of a
    /// large request); <paramref name="binsByRow"/> holds, row after row, the bin (0 to bins - 1) of each of the row's
    /// <paramref name="perRow"/> series.
    /// </summary>
    public void Add(int rows, ReadOnlySpan<int> binsByRow, int perRow, int weight = 1)
    {
        if (rows == 0) return;
        var total = (long)rows * weight;
        var start = Interlocked.Add(ref _next, total) - total;
        // A request with fewer values than bins (one row, say) increments its bins directly instead.
        Span<int> local = binsByRow.Length < _bins ? Span<int>.Empty : _bins <= MaxStackBins ? stackalloc int[_bins] : new int[_bins];
        for (var row = 0; row < rows;)
        {
            var seq = start + (long)row * weight;
            var epoch = seq / _slotRows;
            var run = (int)Math.Min(rows - row, ((epoch + 1) * _slotRows - seq + weight - 1) / weight);
            var values = binsByRow.Slice(row * perRow, run * perRow);
            row += run;
            if (SlotFor(epoch) is not { } slot) continue;
            if (values.Length < _bins || local.IsEmpty)
                foreach (var bin in values) Interlocked.Add(ref slot.Counts[bin], weight);
            else
            {
                local.Clear();
                foreach (var bin in values) local[bin] += weight;
                for (var b = 0; b < _bins; b++)
                    if (local[b] != 0) Interlocked.Add(ref slot.Counts[b], local[b]);
            }
            Interlocked.Add(ref slot.Rows, run * weight);
        }
    }

    /// <summary>Rows in the window and their counts per bin, summed over the slots still in it.</summary>
    public (long Rows, long[] Counts) Snapshot()
    {
        var counts = new long[_bins];
        var next = Volatile.Read(ref _next);
        if (next == 0) return (0, counts);
        var oldest = (next - 1) / _slotRows - _slots.Length + 1;
        long rows = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not { } slot || slot.Epoch < oldest) continue;
            rows += Volatile.Read(ref slot.Rows);
            for (var b = 0; b < _bins; b++) counts[b] += Volatile.Read(ref slot.Counts[b]);
        }
        return (rows, counts);
    }

    /// <summary>The slot of rows numbered epoch * slotRows onwards; null when those rows have already aged out.</summary>
    private Slot? SlotFor(long epoch)
    {
        ref var cell = ref _slots[epoch % _slots.Length];
        while (true)
        {
            var current = Volatile.Read(ref cell);
            if (current is not null && current.Epoch >= epoch) return current.Epoch == epoch ? current : null;
            var fresh = new Slot(epoch, _bins);
            if (Interlocked.CompareExchange(ref cell, fresh, current) == current) return fresh;
        }
    }

    private sealed class Slot(long epoch, int bins)
    {
        public readonly long Epoch = epoch;
        public readonly int[] Counts = new int[bins];
        public int Rows;
    }
}
