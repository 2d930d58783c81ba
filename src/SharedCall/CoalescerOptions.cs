using System.Diagnostics.Metrics;

namespace SharedCall;

/// <summary>Settings for a <see cref="Coalescer"/>.</summary>
/// <remarks>
/// A <see cref="Coalescer"/> copies these values when it is constructed, so later changes to an options
/// instance do not affect a coalescer that already exists.
/// </remarks>
public sealed class CoalescerOptions
{
    /// <summary>Gets or sets the name that identifies the coalescer in metrics and traces.</summary>
    /// <value>The default value is <c>"default"</c>. It must not be null, empty or white space.</value>
    public string Name { get; set; } = "default";

    /// <summary>Gets or sets the factory that makes the coalescer's <see cref="Meter"/> (named <c>SharedCall</c>).</summary>
    /// <value>
    /// The default value is null: the coalescer publishes on a shared static meter named <c>SharedCall</c>.
    /// The dependency-injection integration sets the container's <see cref="IMeterFactory"/>.
    /// </value>
    public IMeterFactory? MeterFactory { get; set; }
}
