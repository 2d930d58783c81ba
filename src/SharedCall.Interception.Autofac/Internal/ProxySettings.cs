using Castle.DynamicProxy;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// What <c>EnableInterfaceInterceptors(options, additionalInterfaces)</c> asked for, kept in the registration's metadata
/// so that one middleware serves every registration.
/// </summary>
internal sealed record ProxySettings(ProxyGenerationOptions Options, Type[] AdditionalInterfaces)
{
    public const string MetadataKey = "SharedCall.Interception.Autofac.ProxySettings";
}
