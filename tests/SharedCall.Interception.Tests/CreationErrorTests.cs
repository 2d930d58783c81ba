namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 2: a marked method that cannot be coalesced fails when the proxy is created, never at call time.</summary>
public class CreationErrorTests
{
    private static InvalidOperationException CreationFails<T>()
        where T : class
    {
        var target = new Mock<T>().Object;
        var exception = Assert.Throws<InvalidOperationException>(() => CoalescingProxy.Create(target, new Coalescer()));

        // Checked once and remembered: the second creation fails the same way.
        var again = Assert.Throws<InvalidOperationException>(() => CoalescingProxy.Create(target, new Coalescer()));
        Assert.That(again!.Message, Is.EqualTo(exception!.Message));
        return exception;
    }

    [Test]
    public void A_ref_parameter_fails_naming_the_interface_the_method_and_the_parameter()
    {
        Assert.That(
            CreationFails<IWithRef>().Message,
            Does.Contain("IWithRef").And.Contain("'Read'").And.Contain("'id'").And.Contain("by reference").And.Contain("or change its signature"));
    }

    [Test]
    public void An_out_parameter_fails_naming_the_interface_the_method_and_the_parameter()
    {
        Assert.That(
            CreationFails<IWithOut>().Message,
            Does.Contain("IWithOut").And.Contain("'TryGet'").And.Contain("'value'").And.Contain("by reference"));
    }

    [Test]
    public void An_IAsyncEnumerable_result_fails_naming_the_interface_and_the_method()
    {
        Assert.That(
            CreationFails<IWithAsyncEnumerable>().Message,
            Does.Contain("IWithAsyncEnumerable").And.Contain("'StreamAsync'").And.Contain("IAsyncEnumerable<T>"));
    }

    [Test]
    public void A_template_naming_no_parameter_fails_naming_the_unknown_name_and_the_parameters()
    {
        Assert.That(
            CreationFails<IWithUnknownTemplateName>().Message,
            Does.Contain("IWithUnknownTemplateName").And.Contain("'GetAsync'").And.Contain("names 'id'").And.Contain("(userId)"));
    }

    [Test]
    public void A_template_naming_the_CancellationToken_fails()
    {
        Assert.That(CreationFails<IWithTokenTemplate>().Message, Does.Contain("CancellationToken parameter 'cancellationToken'"));
    }

    [Test]
    public void A_template_naming_a_parameter_that_formats_as_its_type_name_fails()
    {
        Assert.That(CreationFails<IWithArrayTemplate>().Message, Does.Contain("names 'ids'").And.Contain("Int32[]"));
    }

    [Test]
    public void A_malformed_template_fails()
    {
        Assert.That(CreationFails<IWithMalformedTemplate>().Message, Does.Contain("\"user:{userId\"").And.Contain("malformed"));
    }

    [Test]
    public void A_generic_method_that_cannot_be_coalesced_fails_at_creation_too()
    {
        Assert.That(
            CreationFails<IWithGenericRef>().Message,
            Does.StartWith("Interface 'IWithGenericRef', method 'ReadAsync': it is marked [Coalesced] but cannot be coalesced because its parameter 'id' is passed by reference"));
    }

    [Test]
    public void When_the_interface_and_an_inherited_one_both_fail_the_interfaces_own_method_is_named()
    {
        Assert.That(CreationFails<IWithOutOverRef>().Message, Does.StartWith("Interface 'IWithOutOverRef', method 'TryGet'"));
    }

    [Test]
    public void A_non_public_interface_fails_saying_how_to_make_it_visible()
    {
        var target = new HiddenImplementation();
        var exception = Assert.Throws<InvalidOperationException>(
            () => CoalescingProxy.Create<IHidden>(target, new Coalescer()));
        Assert.That(
            exception!.Message,
            Does.Contain("IHidden").And.Contain("public").And.Contain("InternalsVisibleTo(\"DynamicProxyGenAssembly2\")"));
    }

    [Test]
    public void A_class_type_is_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => CoalescingProxy.Create(new GatedShapes(), new Coalescer()));
        Assert.That(exception!.Message, Does.Contain("GatedShapes").And.Contain("not an interface"));
    }

    [Test]
    public void A_target_that_does_not_implement_the_interface_is_rejected()
    {
        var interfaceType = Type.GetType("SharedCall.Interception.Tests.IPlain", throwOnError: true)!;
        Assert.Throws<ArgumentException>(() => CoalescingProxy.Create(interfaceType, new GatedShapes(), new Coalescer()));
    }

    [Test]
    public void The_non_generic_Create_returns_a_proxy_of_the_interface()
    {
        var mock = new Mock<IUserRepository>();
        var interfaceType = Type.GetType("SharedCall.Interception.Tests.IUserRepository", throwOnError: true)!;
        var proxy = CoalescingProxy.Create(interfaceType, mock.Object, new Coalescer());
        Assert.That(proxy, Is.InstanceOf<IUserRepository>().And.Not.SameAs(mock.Object));
    }

    private sealed class HiddenImplementation : IHidden
    {
        public Task<int> GetAsync(int id) => Task.FromResult(id);
    }
}

public interface IWithGenericRef
{
    [Coalesced]
    Task<T> ReadAsync<T>(ref int id);
}

public interface IWithOutOverRef : IWithRef
{
    [Coalesced]
    bool TryGet(int id, out int value);
}
