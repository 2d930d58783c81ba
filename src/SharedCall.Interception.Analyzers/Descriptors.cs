using Microsoft.CodeAnalysis;

namespace SharedCall.Interception.Analyzers;

/// <summary>The diagnostics of <see cref="CoalescedAnalyzer"/>; each links to its section of docs/diagnostics.md.</summary>
internal static class Descriptors
{
    private const string Category = "Usage";
    private const string HelpBase = "https://github.com/sharedcall/SharedCall.Interception/blob/main/docs/diagnostics.md#";

    // SC1001-SC1004 and SC1009 carry the run-time error's own words, made by the shared ErrorMessages.
    public static readonly DiagnosticDescriptor ByReference = Create(
        "SC1001", "A coalesced method cannot pass or return by reference", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AsyncEnumerable = Create(
        "SC1002", "A coalesced method cannot return IAsyncEnumerable<T>", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor KeyTemplate = Create(
        "SC1003", "The key template cannot make a correct key", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotAccessible = Create(
        "SC1004", "Castle DynamicProxy cannot implement the interface", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotOnInterface = Create(
        "SC1005",
        "[Coalesced] on a class or struct member has no effect",
        "[Coalesced] on '{0}' has no effect: a coalescing proxy sees only interface members. Put it on the interface method '{0}' implements{1}.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReadsAsWrite = Create(
        "SC1006",
        "A coalesced method's name reads as a write",
        "Interface '{0}', method '{1}': its name reads as a write ('{2}'), and callers that join another caller's execution skip its side effect. Coalesce reads only: remove [Coalesced], or suppress SC1006 if the method changes nothing.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MutableResult = Create(
        "SC1007",
        "A coalesced method returns a mutable collection",
        "Interface '{0}', method '{1}': its result '{2}' is a mutable collection, and every joined caller receives the same instance, so one caller's change is seen by all. Return {3} instead, or suppress SC1007 if no caller changes it.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LazyEnumerable = Create(
        "SC1008",
        "A coalesced method returns a lazy IEnumerable<T>",
        "Interface '{0}', method '{1}': it returns '{2}', so joined callers share one enumerable, and enumerating an iterator runs its body again for each caller. Return a materialized collection (IReadOnlyList<T>) instead.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NothingToCoalesce = Create(
        "SC1009", "The type cannot be proxied for coalescing", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NegativeDuration = Create(
        "SC1010",
        "A [Coalesced] duration cannot be negative",
        "{0}",
        DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
