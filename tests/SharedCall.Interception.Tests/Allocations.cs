namespace SharedCall.Interception.Tests;

/// <summary>Measures what a call allocates on the calling thread, after a warm-up of the same calls.</summary>
internal static class Allocations
{
    public const int Calls = 1_000;

    /// <summary>Runs <paramref name="call"/> <see cref="Calls"/> times to warm up, then as many more; returns the bytes per call of the second round.</summary>
    public static double PerCall(Action call)
    {
        for (var i = 0; i < Calls; i++)
        {
            call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            call();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
    }
}
