namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// Marks a class whose medians move between processes by more than its targets' margins: a full run
/// (<c>bench/run.sh</c>) measures it in several processes and takes the median over the iterations of all of them.
/// </summary>
/// <remarks>
/// The same build has measured 20 to 42 ns for B2's join and 83 to 146 ns for B10 from one process to the next, while
/// the iterations within one process agree to a few percent. A fast and a slow B10 process ran the same tier-1 machine
/// code at the same alignment; in B9 the JIT's dynamic PGO also compiles the leader path differently per process. Neither
/// the key's hash, nor the CPU, nor W^X decides it, so one process is one draw. Every method of a marked class runs in
/// the same number of processes, so its ratios against the class's baseline stay comparable.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MedianAcrossProcessesAttribute : Attribute
{
    /// <summary>The processes a full run measures the class in.</summary>
    public const int LaunchCount = 5;
}
