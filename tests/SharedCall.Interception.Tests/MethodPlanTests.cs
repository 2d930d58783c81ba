using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Tests;

/// <summary>
/// A method's plan on its own. Proxies use one cached plan per method for the life of the process, so a fresh
/// plan is built here to pin how the return type decides the way callers share an execution.
/// </summary>
public class MethodPlanTests
{
    [TestCase(nameof(IShapes.Value), nameof(ReturnShape.Value))]
    [TestCase(nameof(IShapes.Void), nameof(ReturnShape.Void))]
    [TestCase(nameof(IShapes.Task), nameof(ReturnShape.Task))]
    [TestCase(nameof(IShapes.TaskOfT), nameof(ReturnShape.TaskOfT))]
    [TestCase(nameof(IShapes.ValueTask), nameof(ReturnShape.ValueTask))]
    [TestCase(nameof(IShapes.ValueTaskOfT), nameof(ReturnShape.ValueTaskOfT))]
    public void The_return_type_decides_the_shape(string method, string shape)
    {
        var plan = MethodPlan.Build(typeof(IShapes).GetMethod(method)!);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Shape.ToString(), Is.EqualTo(shape));
            Assert.That(plan.OperationName, Is.EqualTo("IShapes." + method));
        });
    }

    [Test]
    public void An_unmarked_method_has_no_plan()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => MethodPlan.Build(typeof(IShapes).GetMethod(nameof(IShapes.Unmarked))!));
        Assert.That(exception!.Message, Does.StartWith("Method 'IShapes.Unmarked' is not marked [Coalesced]"));
    }
}
