namespace SharedCall.Interception.Tests;

/// <summary>A target that throws before returning its task fails the execution, like an async method would.</summary>
public class SynchronousThrowTests
{
    [Test]
    public void A_Task_method_that_throws_synchronously_returns_a_faulted_task_with_that_exception()
    {
        var coalescer = new Coalescer();
        var failure = new InvalidOperationException("thrown before any await");
        var mock = new Mock<IShapes>();
        mock.Setup(s => s.TaskOfT(1)).Throws(failure);
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        Task<int>? call = null;
        Assert.DoesNotThrow(() => call = proxy.TaskOfT(1), "the caller gets a task, as from an async method");
        Assert.Multiple(() =>
        {
            Assert.That(call!.IsFaulted, Is.True);
            Assert.That(call.Exception!.InnerException, Is.SameAs(failure));
            Assert.That(coalescer.GetStats().Errors, Is.EqualTo(1), "the shared execution failed");
        });
    }

    [Test]
    public void A_ValueTask_method_that_throws_synchronously_returns_a_faulted_ValueTask_with_that_exception()
    {
        var failure = new InvalidOperationException("thrown before any await");
        var mock = new Mock<IShapes>();
        mock.Setup(s => s.ValueTaskOfT(1)).Throws(failure);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());

        var call = proxy.ValueTaskOfT(1);
        Assert.That(async () => await call, Throws.Exception.SameAs(failure));
    }

    [Test]
    public void A_synchronous_method_that_throws_throws_that_exception_and_frees_the_key()
    {
        var coalescer = new Coalescer();
        var failure = new InvalidOperationException("sync failure");
        var mock = new Mock<IShapes>();
        mock.SetupSequence(s => s.Value(1)).Throws(failure).Returns(10);
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        Assert.Multiple(() =>
        {
            Assert.That(() => proxy.Value(1), Throws.Exception.SameAs(failure));
            Assert.That(proxy.Value(1), Is.EqualTo(10), "the failed execution is gone; the next call runs again");
            Assert.That(coalescer.GetStats().Errors, Is.EqualTo(1));
        });
    }
}
