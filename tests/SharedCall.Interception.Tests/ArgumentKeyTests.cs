namespace SharedCall.Interception.Tests;

/// <summary>
/// Behaviour 3, through a proxy: calls join only when their argument values are equal, including values whose hash
/// codes collide (so the key's equality, not just its hash, is what decides) and arrays of every kind.
/// </summary>
public class ArgumentKeyTests
{
    [Test]
    public async Task Values_with_colliding_hash_codes_are_still_told_apart()
    {
        // null, 0, 0L, false, (short)0 and '\0' all hash to 0, and none equals another.
        Assert.Multiple(async () =>
        {
            Assert.That(await ExecutionsAsync([null, 0, 0L, false, (short)0, '\0']), Is.EqualTo(6));
            Assert.That(await ExecutionsAsync(['\0', (short)0, false, 0L, 0, null]), Is.EqualTo(6), "in the other order");
        });
    }

    [Test]
    public async Task Arrays_holding_values_with_colliding_hash_codes_are_told_apart()
    {
        Assert.That(
            await ExecutionsAsync([new object?[] { null }, new object?[] { 0 }, new object?[] { 0L }, new object?[] { 0 }, new object?[] { null }]),
            Is.EqualTo(3));
    }

    [Test]
    public async Task Arrays_of_different_element_types_are_different_arguments_even_with_the_same_bits_or_elements()
    {
        Assert.That(
            await ExecutionsAsync([new int[] { 0 }, new uint[] { 0 }, new float[] { 0 }, new object[] { "a" }, new string[] { "a" }, new int[] { 0 }]),
            Is.EqualTo(5));
    }

    [Test]
    public async Task Rectangular_arrays_join_when_their_shapes_and_elements_are_equal()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await ExecutionsAsync([new int[2, 3], new int[2, 3]]), Is.EqualTo(1));
            Assert.That(await ExecutionsAsync([new int[2, 3], new int[3, 2], new int[6, 1]]), Is.EqualTo(3), "same length, other shape");
            Assert.That(await ExecutionsAsync([new string?[2, 2, 3], new string?[2, 2, 3], new string?[2, 3, 2]]), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Jagged_arrays_are_compared_row_by_row()
    {
        Assert.That(
            await ExecutionsAsync(
            [
                new[] { new[] { 1, 2 }, new[] { 3 } },
                new[] { new[] { 1, 2 }, new[] { 3 } },
                new[] { new[] { 1 }, new[] { 2, 3 } },
                new[] { new[] { 1, 2 }, null },
                new[] { new[] { 1, 2 }, null },
            ]),
            Is.EqualTo(3));
    }

    [Test]
    public async Task Arrays_are_compared_element_by_element_whatever_the_parameter_type_that_admits_them()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IArrayParameters>();
        mock.Setup(a => a.ArrayAsync(It.IsAny<int[]>())).Returns(gate.Task);
        mock.Setup(a => a.ListAsync(It.IsAny<IReadOnlyList<int>>())).Returns(gate.Task);
        mock.Setup(a => a.BaseAsync(It.IsAny<Array>())).Returns(gate.Task);
        mock.Setup(a => a.ValueAsync(It.IsAny<int>())).Returns(gate.Task);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());

        var calls = new[]
        {
            proxy.ArrayAsync([1, 2]), proxy.ArrayAsync([1, 2]), proxy.ArrayAsync([2, 1]),
            proxy.ListAsync(new[] { 1, 2 }), proxy.ListAsync(new[] { 1, 2 }), proxy.ListAsync(new List<int> { 1, 2 }),
            proxy.BaseAsync(new[] { 1, 2 }), proxy.BaseAsync(new[] { 1, 2 }),
            proxy.ValueAsync(3), proxy.ValueAsync(3), proxy.ValueAsync(4),
        };
        gate.SetResult(7);

        Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(7));
        Assert.Multiple(() =>
        {
            mock.Verify(a => a.ArrayAsync(It.IsAny<int[]>()), Times.Exactly(2), "int[]: {1, 2} once, {2, 1} once");
            mock.Verify(a => a.ListAsync(It.IsAny<IReadOnlyList<int>>()), Times.Exactly(2), "an interface: the arrays once, the list (compared by reference) once");
            mock.Verify(a => a.BaseAsync(It.IsAny<Array>()), Times.Once(), "Array");
            mock.Verify(a => a.ValueAsync(It.IsAny<int>()), Times.Exactly(2), "int: 3 once, 4 once");
        });
    }

    /// <summary>Calls the proxy once per value while every call is in flight; returns how many times the target ran.</summary>
    private static async Task<int> ExecutionsAsync(object?[] values)
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IArguments>();
        mock.Setup(a => a.OneAsync(It.IsAny<object?>())).Returns(gate.Task);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());

        var calls = values.Select(proxy.OneAsync).ToList();
        gate.SetResult(7);

        Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(7));
        return mock.Invocations.Count;
    }
}

public interface IArrayParameters
{
    [Coalesced]
    Task<int> ArrayAsync(int[] values);

    [Coalesced]
    Task<int> ListAsync(IReadOnlyList<int> values);

    [Coalesced]
    Task<int> BaseAsync(Array values);

    [Coalesced]
    Task<int> ValueAsync(int value);
}

public interface IArguments
{
    [Coalesced]
    Task<int> OneAsync(object? value);

    [Coalesced]
    Task<int> OtherAsync(object? value);
}
