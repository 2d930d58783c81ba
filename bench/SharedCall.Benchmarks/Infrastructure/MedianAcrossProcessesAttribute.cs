namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// Marks a class whose medians move between processes by more than its targets' margins: a full run
/// (<c>bench/run.sh</c>) measures it in several processes and takes the median over the iterations of all of them.
/// </summary>
/// <remarks>
/// The same build has measured 20 to 42 ns for B2's join and 83 to 146 ns for B10 from one process to the next, while
/// the iterations within one process agree to a few percent. Through a proxy the cause is the JIT's dynamic PGO: two
/// processes, one at 150 ns and one at 250 ns per B9 <c>Task&lt;T&gt;</c> leader call, compile the same methods at the
/// same tiers into different machine code (<c>DOTNET_JitDisasm</c>), because the profile of Castle's
/// <c>AbstractInvocation.Proceed</c>, which a coalesced call runs twice, steers inlining one way or the other. A median
/// taken in one process is then that process's draw. Every method of a marked class runs in the same number of
/// processes, so its ratios against the class's baseline stay comparable.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MedianAcrossProcessesAttribute : Attribute
{
    /// <summary>The processes a full run measures the class in.</summary>
    public const int LaunchCount = 5;
}
