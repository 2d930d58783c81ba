namespace SharedCall.Interception.Tests;

/// <summary>Every public entry point rejects a bad argument with the exception and message its documentation gives.</summary>
public class ArgumentValidationTests
{
    [Test]
    public void Null_arguments_are_rejected_naming_the_parameter()
    {
        var target = Mock.Of<IPlain>();
        var coalescer = new Coalescer();

        Assert.Multiple(() =>
        {
            AssertNull(() => CoalescingProxy.Create(null!, target, coalescer), "interfaceType");
            AssertNull(() => CoalescingProxy.Create(typeof(IPlain), null!, coalescer), "target");
            AssertNull(() => CoalescingProxy.Create(typeof(IPlain), target, null!), "coalescer");
            AssertNull(() => CoalescingProxy.Create<IPlain>(null!, coalescer), "target");
            AssertNull(() => CoalescingProxy.HasCoalescedMethods(null!), "interfaceType");
            AssertNull(() => CallKey.Of<IPlain>(null!), "call");
            AssertNull(() => new CoalescingInterceptor(coalescer).InterceptSynchronous(null!), "invocation");
            AssertNull(() => new CoalescingInterceptor(coalescer).InterceptAsynchronous(null!), "invocation");
            AssertNull(() => new CoalescingInterceptor(coalescer).InterceptAsynchronous<int>(null!), "invocation");
        });
    }

    [Test]
    public void A_class_is_rejected_with_how_to_fix_it()
    {
        var exception = Assert.Throws<ArgumentException>(() => CoalescingProxy.Create(new GatedShapes(), new Coalescer()));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.ParamName, Is.EqualTo("interfaceType"));
            Assert.That(
                exception.Message,
                Does.StartWith("CoalescingProxy can only proxy interfaces, and 'SharedCall.Interception.Tests.GatedShapes' is not an interface. Put [Coalesced] on an interface the class implements and create the proxy for that interface."));
        });
    }

    [Test]
    public void A_target_that_does_not_implement_the_interface_is_rejected_naming_both_types()
    {
        var exception = Assert.Throws<ArgumentException>(() => CoalescingProxy.Create(typeof(IPlain), new GatedShapes(), new Coalescer()));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.ParamName, Is.EqualTo("target"));
            Assert.That(
                exception.Message,
                Does.StartWith("The target of type 'SharedCall.Interception.Tests.GatedShapes' does not implement 'SharedCall.Interception.Tests.IPlain'. Pass an object that implements the interface being proxied."));
        });
    }

    [Test]
    public void CallKey_Of_rejects_anything_but_a_call_on_its_parameter_showing_what_it_got()
    {
        var exception = Assert.Throws<ArgumentException>(() => CallKey.Of<ICatalog>(c => c.Size.ToString()));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.ParamName, Is.EqualTo("call"));
            Assert.That(
                exception.Message,
                Does.StartWith("CallKey.Of expects a call of an interface method on the lambda's parameter, as in r => r.GetUserAsync(42, default), but got 'c => c.Size.ToString()'."));
            Assert.That(() => CallKey.Of<IUserRepository>(r => r.ToString()), Throws.ArgumentException, "a method of object, not of the interface");
        });
    }

    [Test]
    public void CallKey_Of_an_unmarked_method_says_how_to_mark_it()
    {
        var exception = Assert.Throws<ArgumentException>(() => CallKey.Of<IUserRepository>(r => r.GetUncoalescedAsync(1)));
        Assert.That(
            exception!.Message,
            Does.StartWith("Method 'IUserRepository.GetUncoalescedAsync' is not marked [Coalesced] (nor is its interface), so calls to it are never coalesced and have no key. Mark the interface method with [Coalesced]."));
    }

    private static void AssertNull(Action call, string parameter) =>
        Assert.That(Assert.Throws<ArgumentNullException>(() => call())!.ParamName, Is.EqualTo(parameter));
}
