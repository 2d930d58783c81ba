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

    /// <summary>
    /// Gets or sets whether a call made from inside an execution's own work with the same key — after an
    /// <c>await</c>, directly or through a <c>[Coalesced]</c> proxy — throws an <see cref="InvalidOperationException"/>
    /// instead of waiting for itself forever.
    /// </summary>
    /// <value>
    /// The default value is <see langword="false"/>. Synchronous re-entrance (in <c>Run</c>, or before the work's first
    /// <c>await</c>) is always detected; detecting it after an <c>await</c> writes an <see cref="AsyncLocal{T}"/> on
    /// every execution, which costs an execution-context copy. Turn it on in development and tests, or wherever a
    /// coalesced method may call itself.
    /// </value>
    public bool DetectReentrantAsyncCalls { get; set; }

    /// <summary>Gets or sets the time source of execution timeouts and reuse windows (see <see cref="CoalescingOperation"/>).</summary>
    /// <value>
    /// The default value is <see cref="System.TimeProvider.System"/>. Tests set a <c>FakeTimeProvider</c>
    /// (Microsoft.Extensions.TimeProvider.Testing) to move time on instead of waiting. It must not be null.
    /// </value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets a second, cross-process level of coalescing that this process's leaders go through (advanced).</summary>
    /// <value>
    /// The default value is null: calls are coalesced in this process only. Packages set it, such as SharedCall.Redis's
    /// <c>UseRedis</c>. Only asynchronous calls with <see cref="string"/> keys whose operation allows it
    /// (<see cref="CoalescingOperation.CrossProcess"/>) go through it; see docs/distributed.md.
    /// </value>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Advanced)]
    public Advanced.RemoteCoalescing? RemoteCoalescing { get; set; }
}
