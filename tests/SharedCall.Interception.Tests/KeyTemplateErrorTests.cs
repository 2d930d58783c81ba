namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 2 for key templates: a template that cannot make a correct key fails at proxy creation.</summary>
public class KeyTemplateErrorTests
{
    [TestCase(typeof(IWithTrailingBrace), "user}")]
    [TestCase(typeof(IWithTrailingOpenBrace), "user{")]
    [TestCase(typeof(IWithStrayBraceBeforeAHole), "a}{nope}")]
    [TestCase(typeof(IWithBadAlignment), "{id,wide}")]
    public void A_malformed_template_fails_as_malformed(Type interfaceType, string template)
    {
        Assert.That(
            CreationFails(interfaceType).Message,
            Is.EqualTo(
                $"Interface '{interfaceType.Name}', method 'GetAsync': it is marked [Coalesced] but cannot be coalesced because its key template \"{template}\" is malformed: every '{{' must open a hole '{{parameterName}}' that a '}}' closes (write '{{{{' and '}}}}' for literal braces). Fix the key template, or remove Key to key on every argument."));
    }

    [Test]
    public void A_hole_without_a_name_fails_naming_the_empty_name_and_every_parameter()
    {
        Assert.That(
            CreationFails(typeof(IWithNamelessHole)).Message,
            Does.Contain("its key template \"{:x}\" names '', which is not one of the parameters a key can name (id, traceId)"));
    }

    [Test]
    public void An_unknown_name_fails_naming_the_fix_and_only_the_parameters_a_key_can_name()
    {
        Assert.That(
            CreationFails(typeof(IWithUnknownNameAndToken)).Message,
            Is.EqualTo(
                "Interface 'IWithUnknownNameAndToken', method 'GetAsync': it is marked [Coalesced] but cannot be coalesced because its key template \"user:{userId}\" names 'userId', which is not one of the parameters a key can name (id, region). Fix the key template, or remove Key to key on every argument."));
    }

    [TestCase(typeof(IWithStructTemplate), "Opaque")]
    [TestCase(typeof(IWithSealedClassTemplate), "OpaqueClass")]
    public void A_hole_naming_a_type_that_formats_as_its_name_fails(Type interfaceType, string typeName)
    {
        Assert.That(
            CreationFails(interfaceType).Message,
            Does.Contain($"its key template \"k:{{value}}\" names 'value', whose type '{typeName}' formats as its type name"));
    }

    [Test]
    public void CallKey_Of_a_method_whose_template_is_bad_fails_like_the_proxy()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => CallKey.Of<IWithUnknownTemplateName>(r => r.GetAsync(1)));
        Assert.That(exception!.Message, Does.StartWith("Interface 'IWithUnknownTemplateName', method 'GetAsync': it is marked [Coalesced]"));
    }

    private static InvalidOperationException CreationFails(Type interfaceType)
    {
        var create = typeof(Mock).GetMethod(nameof(Mock.Of), 1, Type.EmptyTypes)!.MakeGenericMethod(interfaceType);
        return Assert.Throws<InvalidOperationException>(() => CoalescingProxy.Create(interfaceType, create.Invoke(null, null)!, new Coalescer()))!;
    }
}

public struct Opaque
{
    public int Value { get; set; }
}

public sealed class OpaqueClass
{
    public int Value { get; set; }
}

public interface IWithTrailingBrace
{
    [Coalesced(Key = "user}")]
    Task<int> GetAsync(int id);
}

public interface IWithTrailingOpenBrace
{
    [Coalesced(Key = "user{")]
    Task<int> GetAsync(int id);
}

public interface IWithStrayBraceBeforeAHole
{
    [Coalesced(Key = "a}{nope}")]
    Task<int> GetAsync(int id);
}

public interface IWithBadAlignment
{
    [Coalesced(Key = "{id,wide}")]
    Task<int> GetAsync(int id);
}

public interface IWithUnknownNameAndToken
{
    [Coalesced(Key = "user:{userId}")]
    Task<int> GetAsync(int id, string region, CancellationToken cancellationToken);
}

public interface IWithNamelessHole
{
    [Coalesced(Key = "{:x}")]
    Task<int> GetAsync(int id, string traceId);
}

public interface IWithStructTemplate
{
    [Coalesced(Key = "k:{value}")]
    Task<int> GetAsync(Opaque value);
}

public interface IWithSealedClassTemplate
{
    [Coalesced(Key = "k:{value}")]
    Task<int> GetAsync(OpaqueClass value);
}
