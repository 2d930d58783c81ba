using System.Globalization;

namespace SharedCall.Interception.Internal;

// The messages about an interface or a method's shape, in terms of names only: this file is compiled into the
// package and into SharedCall.Interception.Analyzers (netstandard2.0), so the compile-time diagnostics and the
// run-time errors say the same words. Keep it free of reflection and of APIs newer than netstandard2.0.
internal static partial class ErrorMessages
{
    public const string ByRefReturn = "it returns by reference, and callers that join another caller's execution cannot share a reference";

    public const string AsyncEnumerable = "it returns IAsyncEnumerable<T>: a stream is consumed once, so it cannot be shared between callers (coalesce a method that returns the whole list, as Task<List<T>>, instead)";

    public static string NotAnInterface(string typeName) => Format(
        "CoalescingProxy can only proxy interfaces, and '{0}' is not an interface. Put [Coalesced] on an interface the class implements and create the proxy for that interface.",
        typeName);

    public static string NotAccessible(string interfaceName) => Format(
        "Cannot create a coalescing proxy for interface '{0}': it is not public, so Castle DynamicProxy cannot implement it. Make the interface (and every type enclosing it) public, or add [assembly: InternalsVisibleTo(\"DynamicProxyGenAssembly2\")] to the assembly that declares it.",
        interfaceName);

    public static string CannotCoalesce(string interfaceName, string methodName, string reason) => Format(
        "Interface '{0}', method '{1}': it is marked [Coalesced] but cannot be coalesced because {2}. Remove [Coalesced] from the method (or its interface), or change its signature.",
        interfaceName,
        methodName,
        reason);

    public static string CannotUseKeyTemplate(string interfaceName, string methodName, string reason) => Format(
        "Interface '{0}', method '{1}': it is marked [Coalesced] but cannot be coalesced because {2}. Fix the key template, or remove Key to key on every argument.",
        interfaceName,
        methodName,
        reason);

    public static string NegativePolicy(string interfaceName, string methodName, string property, int value) => Format(
        "Interface '{0}', method '{1}': [Coalesced] sets {2} = {3}, and a time cannot be negative. Use 0 for none, or a positive number of milliseconds.",
        interfaceName,
        methodName,
        property,
        value);

    // For an attribute on an interface or a class, where no one method's name applies.
    public static string NegativePolicyAlone(string property, int value) => Format(
        "[Coalesced] sets {0} = {1}, and a time cannot be negative. Use 0 for none, or a positive number of milliseconds.",
        property,
        value);

    public static string ByRefParameter(string? parameterName) => Format(
        "its parameter '{0}' is passed by reference (ref, out or in), and callers that join another caller's execution could not receive its value",
        parameterName);

    public static string TemplateUnknownName(string template, string name, IEnumerable<string?> parameterNames) => Format(
        "its key template \"{0}\" names '{1}', which is not one of the parameters a key can name ({2})",
        template,
        name,
        string.Join(", ", parameterNames));

    public static string TemplateNamesToken(string template, string name) => Format(
        "its key template \"{0}\" names the CancellationToken parameter '{1}', and a CancellationToken is never part of a key",
        template,
        name);

    public static string TemplateNamesUnformattable(string template, string name, string typeName) => Format(
        "its key template \"{0}\" names '{1}', whose type '{2}' formats as its type name, so calls with different values would share one key (name parameters that format to their value, such as numbers, strings, dates, enums and records, or drop the template to key on the values themselves)",
        template,
        name,
        typeName);

    public static string TemplateMalformed(string template) => Format(
        "its key template \"{0}\" is malformed: every '{{' must open a hole '{{parameterName}}' that a '}}' closes (write '{{{{' and '}}}}' for literal braces)",
        template);

    private static string Format(string format, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments);
}
