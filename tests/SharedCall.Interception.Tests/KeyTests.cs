namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 3: the default key is the method plus the argument values; arrays compare element by element.</summary>
public class KeyTests
{
    private Coalescer _coalescer = null!;
    private GatedKeys _keys = null!;

    [SetUp]
    public void SetUp()
    {
        _coalescer = new Coalescer();
        _keys = new GatedKeys(_coalescer);
    }

    [TearDown]
    public void TearDown() => _keys.Release();

    [Test]
    public void Calls_with_different_argument_values_never_share_an_execution()
    {
        _ = _keys.Proxy.TwoAsync("a", 1);
        _ = _keys.Proxy.TwoAsync("a", 2);
        _ = _keys.Proxy.TwoAsync("b", 1);
        _ = _keys.Proxy.TwoAsync(null, 1);
        _ = _keys.Proxy.TwoAsync(null, 1);
        _ = _keys.Proxy.TwoAsync("a", 1);

        Assert.Multiple(() =>
        {
            Assert.That(_keys.TargetCalls, Is.EqualTo(4));
            Assert.That(_coalescer.GetStats().Hits, Is.EqualTo(2));
        });
    }

    [Test]
    public void Arrays_with_equal_elements_share_and_arrays_with_different_elements_do_not()
    {
        _ = _keys.Proxy.SumAsync([1, 2, 3]);
        _ = _keys.Proxy.SumAsync([1, 2, 3]);
        _ = _keys.Proxy.SumAsync([3, 2, 1]);
        _ = _keys.Proxy.SumAsync([1, 2]);
        _ = _keys.Proxy.NamesAsync(["a", null]);
        _ = _keys.Proxy.NamesAsync(["a", null]);
        _ = _keys.Proxy.NamesAsync(["a", "b"]);

        Assert.That(_keys.TargetCalls, Is.EqualTo(5));
    }

    [Test]
    public void Nested_arrays_are_compared_element_by_element_too()
    {
        _ = _keys.Proxy.NestedAsync([new[] { 1, 2 }, new[] { "x" }, 3]);
        _ = _keys.Proxy.NestedAsync([new[] { 1, 2 }, new[] { "x" }, 3]);
        _ = _keys.Proxy.NestedAsync([new[] { 1, 9 }, new[] { "x" }, 3]);
        _ = _keys.Proxy.NestedAsync([new long[] { 1, 2 }, new[] { "x" }, 3]);

        Assert.That(_keys.TargetCalls, Is.EqualTo(3), "an int[] and a long[] are different arguments");
    }

    [Test]
    public void A_generic_method_is_keyed_by_its_closed_form()
    {
        _ = _keys.Proxy.GenericAsync<int>(1);
        _ = _keys.Proxy.GenericAsync<int>(1);
        _ = _keys.Proxy.GenericAsync<long>(1);

        Assert.That(_keys.TargetCalls, Is.EqualTo(2));
    }

    [Test]
    public void Overloads_with_equal_argument_values_do_not_share()
    {
        _ = _keys.Proxy.OverloadAsync(1);
        _ = _keys.Proxy.OverloadAsync(1L);

        Assert.That(_keys.TargetCalls, Is.EqualTo(2));
    }

    [Test]
    public async Task A_CancellationToken_is_not_part_of_the_key()
    {
        var gate = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.Setup(r => r.GetUserAsync(42, It.IsAny<CancellationToken>())).Returns(gate.Task);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var calls = new[]
        {
            proxy.GetUserAsync(42, first.Token),
            proxy.GetUserAsync(42, second.Token),
            proxy.GetUserAsync(42, CancellationToken.None),
        };
        gate.SetResult(new User(42, "Ada"));

        Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(new User(42, "Ada")));
        mock.Verify(r => r.GetUserAsync(42, It.IsAny<CancellationToken>()), Times.Once());
    }
}
