using System.Reflection;

namespace SharedCall.Interception.Tests.Reliability;

/// <summary>A do-nothing implementation of any public interface, for cases that must fail before a call is made.</summary>
public class DispatchTarget : DispatchProxy
{
    public static object For(Type interfaceType)
    {
        if (!interfaceType.IsPublic && !interfaceType.IsNestedPublic)
        {
            return new HiddenTarget();
        }

        return Create(interfaceType, typeof(DispatchTarget));
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new InvalidOperationException("Cases that use this target must fail before any call.");

    private sealed class HiddenTarget : IHidden
    {
        public Task<int> GetAsync(int id) => Task.FromResult(id);
    }
}
