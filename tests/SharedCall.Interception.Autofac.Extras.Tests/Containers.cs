using Autofac;
using SharedCall.Interception.Autofac;

namespace SharedCall.Tests.AutofacExtras;

/// <summary>
/// A container builder with coalescing registered, the gate and the user's interceptors. Kept in a file that does not
/// import Autofac.Extras.DynamicProxy, so that the test files that import only Extras bind to Extras' methods.
/// </summary>
internal static class Containers
{
    public static ContainerBuilder NewBuilder(Gate gate)
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(gate);
        builder.RegisterType<Journal>().SingleInstance();
        builder.RegisterType<CountingInterceptor>().SingleInstance();
        builder.RegisterType<AuthorizingInterceptor>().SingleInstance();
        return builder;
    }
}
