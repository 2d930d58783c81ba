using System.Reflection;

namespace SharedCall.Interception.Internal;

/// <summary>Every message this package throws with, in one place; each says how to fix the problem.</summary>
internal static partial class ErrorMessages
{
    public static string NotAnInterface(Type type) => NotAnInterface(type.ToString());

    public static string TargetDoesNotImplement(Type interfaceType, Type targetType) => Format(
        "The target of type '{0}' does not implement '{1}'. Pass an object that implements the interface being proxied.",
        targetType,
        interfaceType);

    public static string NotAccessible(Type interfaceType) => NotAccessible(interfaceType.ToString());

    public static string CannotCoalesce(MethodInfo method, string reason) =>
        CannotCoalesce(TypeNames.Display(method.DeclaringType!), method.Name, reason);

    public static string CannotUseKeyTemplate(MethodInfo method, string reason) =>
        CannotUseKeyTemplate(TypeNames.Display(method.DeclaringType!), method.Name, reason);

    public static string NegativePolicy(MethodInfo method, string property, int value) =>
        NegativePolicy(TypeNames.Display(method.DeclaringType!), method.Name, property, value);

    public static string ByRefParameter(ParameterInfo parameter) => ByRefParameter(parameter.Name);

    public static string TemplateNamesUnformattable(string template, string name, Type type) =>
        TemplateNamesUnformattable(template, name, TypeNames.Display(type));

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

    public static string ArgumentNotShareable(MethodInfo method, ParameterInfo parameter, string reason) => Format(
        "Interface '{0}', method '{1}': it is marked [Coalesced] and its coalescer coalesces across processes, whose default key is the arguments written as JSON, but its parameter '{2}' of type '{3}' cannot be part of that key: {4}. Give the method a key template (Key = \"...\") naming parameters that format to their value, or set [Coalesced(CrossProcess = false)] to coalesce its calls in this process only.",
        TypeNames.Display(method.DeclaringType!),
        method.Name,
        parameter.Name,
        TypeNames.Display(parameter.ParameterType),
        reason);

    public static string ResultNotShareable(MethodInfo method, string reason) => Format(
        "Interface '{0}', method '{1}': it is marked [Coalesced] and its coalescer coalesces across processes, but {2}, so other processes could not receive its result. Set [Coalesced(CrossProcess = false)] to coalesce its calls in this process only, or return a type that System.Text.Json writes and reads back as declared (a class or record with public properties).",
        TypeNames.Display(method.DeclaringType!),
        method.Name,
        reason);
}
