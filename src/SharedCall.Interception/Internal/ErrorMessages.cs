using System.Globalization;
using System.Reflection;

namespace SharedCall.Interception.Internal;

/// <summary>Every message this package throws with, in one place; each says how to fix the problem.</summary>
internal static class ErrorMessages
{
    public static string NotAnInterface(Type type) => Format(
        "CoalescingProxy can only proxy interfaces, and '{0}' is not an interface. Put [Coalesced] on an interface the class implements and create the proxy for that interface.",
        type);

    public static string TargetDoesNotImplement(Type interfaceType, Type targetType) => Format(
        "The target of type '{0}' does not implement '{1}'. Pass an object that implements the interface being proxied.",
        targetType,
        interfaceType);

    public static string NotAccessible(Type interfaceType) => Format(
        "Cannot create a coalescing proxy for interface '{0}': it is not public, so Castle DynamicProxy cannot implement it. Make the interface (and every type enclosing it) public, or add [assembly: InternalsVisibleTo(\"DynamicProxyGenAssembly2\")] to the assembly that declares it.",
        interfaceType);

    public static string CannotCoalesce(MethodInfo method, string reason) => Format(
        "Interface '{0}', method '{1}': it is marked [Coalesced] but cannot be coalesced because {2}. Remove [Coalesced] from the method (or its interface), or change its signature.",
        TypeNames.Display(method.DeclaringType!),
        method.Name,
        reason);

    public static string ByRefParameter(ParameterInfo parameter) => Format(
        "its parameter '{0}' is passed by reference (ref, out or in), and callers that join another caller's execution could not receive its value",
        parameter.Name);

    public const string ByRefReturn = "it returns by reference, and callers that join another caller's execution cannot share a reference";

    public const string AsyncEnumerable = "it returns IAsyncEnumerable<T>: a stream is consumed once, so it cannot be shared between callers (coalesce a method that returns the whole list, as Task<List<T>>, instead)";

    public static string TemplateUnknownName(string template, string name, MethodInfo method) => Format(
        "its key template \"{0}\" names '{1}', which is not one of its parameters ({2})",
        template,
        name,
        string.Join(", ", method.GetParameters().Select(static p => p.Name)));

    public static string TemplateNamesToken(string template, string name) => Format(
        "its key template \"{0}\" names the CancellationToken parameter '{1}', and a CancellationToken is never part of a key",
        template,
        name);

    public static string TemplateNamesUnformattable(string template, string name, Type type) => Format(
        "its key template \"{0}\" names '{1}', whose type '{2}' formats as its type name, so calls with different values would share one key (name parameters that format to their value, such as numbers, strings, dates, enums and records, or drop the template to key on the values themselves)",
        template,
        name,
        TypeNames.Display(type));

    public static string TemplateMalformed(string template) => Format(
        "its key template \"{0}\" is malformed: every '{{' must open a hole '{{parameterName}}' that a '}}' closes (write '{{{{' and '}}}}' for literal braces)",
        template);

    public static string NotAMethodCall(object expression) => Format(
        "CallKey.Of expects a call of an interface method on the lambda's parameter, as in r => r.GetUserAsync(42, default), but got '{0}'.",
        expression);

    public static string NotCoalesced(MethodInfo method) => Format(
        "Method '{0}' is not marked [Coalesced] (nor is its interface), so calls to it are never coalesced and have no key. Mark the interface method with [Coalesced].",
        TypeNames.Operation(method));

    public static string MarkedOnClassOnly(MethodInfo classMethod, MethodInfo interfaceMethod) => Format(
        "Class '{0}', method '{1}' is marked [Coalesced], but the interface method it implements, '{2}', is not: a proxy sees only the interface's attributes, so its calls would never be coalesced. Move [Coalesced] from the class method to the interface method.",
        TypeNames.Display(classMethod.DeclaringType!),
        classMethod.Name,
        TypeNames.Operation(interfaceMethod));

    public static string NotVirtual(MethodInfo classMethod, MethodInfo coalescedMethod) => Format(
        "Class '{0}', method '{1}' implements the coalesced method '{2}' but is not virtual, so a class proxy cannot intercept it and its calls would never be coalesced. Declare it 'public virtual', or proxy the interface instead of the class (EnableInterfaceInterceptors()).",
        TypeNames.Display(classMethod.DeclaringType!),
        classMethod.Name,
        TypeNames.Operation(coalescedMethod));

    private static string Format(string format, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments);
}
