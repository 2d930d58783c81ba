using System.Reflection;
using SharedCall.Advanced;
using SharedCall.Internal;

namespace SharedCall.Reliability.Tests.Pinned;

/// <summary>
/// Wraps a coalescer's table and can hold back the next removal of a flight, to open (deterministically) the instant
/// between a flight's end and its removal that real threads hit only by chance.
/// </summary>
internal sealed class HoldingTable(IFlightTable inner) : IFlightTable
{
    private int _holdNextRemoval;

    public int Count => inner.Count;

    /// <summary>Installs a holding table in <paramref name="coalescer"/> (white-box: its table field and default scope).</summary>
    public static HoldingTable Install(Coalescer coalescer)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;
        var tableField = typeof(Coalescer).GetField("_table", Instance)!;
        var table = new HoldingTable((IFlightTable)tableField.GetValue(coalescer)!);
        tableField.SetValue(coalescer, table);
        var scope = typeof(Coalescer).GetField("_defaultScope", Instance)!.GetValue(coalescer)!;
        scope.GetType().GetField("<Table>k__BackingField", Instance)!.SetValue(scope, table);
        return table;
    }

    public void HoldNextRemoval() => Volatile.Write(ref _holdNextRemoval, 1);

    public Flight? Find(FlightKey key) => inner.Find(key);

    public bool TryAdd(Flight flight) => inner.TryAdd(flight);

    public bool TryRemove(Flight flight) => Interlocked.Exchange(ref _holdNextRemoval, 0) == 0 && inner.TryRemove(flight);

    public bool Remove(FlightKey key) => inner.Remove(key);

    public void Clear() => inner.Clear();
}
