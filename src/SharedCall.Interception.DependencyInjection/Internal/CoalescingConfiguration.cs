namespace SharedCall.Interception.DependencyInjection.Internal;

/// <summary>The options callbacks of every <c>AddCoalescing</c> call, applied in order when the coalescer is made.</summary>
internal sealed class CoalescingConfiguration
{
    public List<Action<CoalescerOptions>> Configure { get; } = [];
}
