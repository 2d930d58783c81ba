namespace SharedCall.Interception.Tests;

/// <summary>
/// The operation a coalesced method runs as (stats, metric tags, key text) is named "Interface.Method", with generic
/// interfaces written as in C#.
/// </summary>
public class OperationNameTests
{
    [Test]
    public async Task Calls_of_generic_interfaces_run_as_operations_named_as_in_CSharp()
    {
        var coalescer = new Coalescer();
        await CoalescingProxy.Create(Mock.Of<IPairStore<int, string>>(), coalescer).LoadAsync(1);
        await CoalescingProxy.Create(Mock.Of<IGenericStore<List<int>>>(), coalescer).LoadAsync(1);
        await CoalescingProxy.Create(Mock.Of<IGenericStore<Dictionary<string, int[]>>>(), coalescer).LoadAsync(1);
        await CoalescingProxy.Create(Mock.Of<Outer<long>.INested>(), coalescer).CountAsync(1);
        await CoalescingProxy.Create(Mock.Of<Outer<long>.IPlainNested>(), coalescer).CountAsync(1);

        Assert.That(
            coalescer.GetOperationStats().Keys,
            Is.EquivalentTo(new[]
            {
                "IPairStore<Int32, String>.LoadAsync",
                "IGenericStore<List<Int32>>.LoadAsync",
                "IGenericStore<Dictionary<String, Int32[]>>.LoadAsync",
                "INested<Int64>.CountAsync",
                "IPlainNested<Int64>.CountAsync",
            }));
    }

    [Test]
    public void The_text_of_a_default_key_is_the_operation_and_the_arguments()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                CallKey.Of<IPairStore<int, string>>(s => s.LoadAsync(7)).ToString(),
                Is.EqualTo("IPairStore<Int32, String>.LoadAsync(7)"));
            Assert.That(CallKey.Of<IKeys>(k => k.TwoAsync("a", 2)).ToString(), Is.EqualTo("IKeys.TwoAsync(a, 2)"));
        });
    }

    [Test]
    public void A_creation_error_names_a_generic_interface_as_in_CSharp()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => CoalescingProxy.Create(Mock.Of<IBadStore<string, int>>(), new Coalescer()));
        Assert.That(
            exception!.Message,
            Does.StartWith("Interface 'IBadStore<String, Int32>', method 'GetAsync': it is marked [Coalesced] but cannot be coalesced because its parameter 'id' is passed by reference"));
    }
}

public interface IPairStore<TKey, TValue>
{
    [Coalesced]
    Task<TValue> LoadAsync(TKey key);
}

public interface IBadStore<TKey, TValue>
{
    [Coalesced]
    Task<TValue> GetAsync(ref TKey id);
}

#pragma warning disable CA1034 // Nested types: the point of the test is a type nested in a generic type.
public static class Outer<T>
{
    public interface INested
    {
        [Coalesced]
        Task<int> CountAsync(T id);
    }

    [Coalesced]
    public interface IPlainNested
    {
        Task<int> CountAsync(int id);
    }
}
#pragma warning restore CA1034
