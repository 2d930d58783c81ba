namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 4 in detail: what a key template formats to, for every kind of hole and brace.</summary>
public class KeyTemplateFormatTests
{
    [Test]
    public void Escaped_braces_next_to_a_hole_stay_single_braces()
    {
        Assert.That(CallKey.Of<ITemplates>(t => t.BracesAsync(42)), Is.EqualTo("}42{"));
    }

    [Test]
    public void A_template_without_holes_is_its_text_with_escaped_braces_made_single()
    {
        Assert.That(CallKey.Of<ITemplates>(t => t.ConstantAsync(1)), Is.EqualTo("config{v1}"));
    }

    [Test]
    public void Three_holes_are_filled_in_order_and_a_null_argument_formats_as_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CallKey.Of<ITemplates>(t => t.ThreeAsync(1, "x", 3)), Is.EqualTo("1-x-3"));
            Assert.That(CallKey.Of<ITemplates>(t => t.ThreeAsync(1, null, 3)), Is.EqualTo("1--3"));
            Assert.That(CallKey.Of<ITemplates>(t => t.ReorderedAsync(1, 2, 3, 4)), Is.EqualTo("4.3.2.1"));
        });
    }

    [Test]
    public void A_hole_keeps_its_alignment_and_format()
    {
        Assert.That(CallKey.Of<ITemplates>(t => t.AlignedAsync(42)), Is.EqualTo("[   42|002a]"));
    }

    [Test]
    public void Holes_may_name_objects_enums_records_and_struct_constrained_type_parameters()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CallKey.Of<ITemplates>(t => t.ObjectAsync(42)), Is.EqualTo("v:42"));
            Assert.That(CallKey.Of<ITemplates>(t => t.ObjectAsync(null)), Is.EqualTo("v:"));
            Assert.That(CallKey.Of<ITemplates>(t => t.EnumAsync(DayOfWeek.Monday)), Is.EqualTo("k:Monday"));
            Assert.That(CallKey.Of<ITemplates>(t => t.RecordAsync(new User(1, "Ada"))), Is.EqualTo("u:User { Id = 1, Name = Ada }"));
            Assert.That(CallKey.Of<ITemplates>(t => t.GenericAsync(5)), Is.EqualTo("g:5"));
        });
    }

    [Test]
    public async Task A_proxy_keys_its_calls_by_the_formatted_template_so_Forget_takes_that_string()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<ITemplates>();
        mock.Setup(t => t.ThreeAsync(It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<long>())).Returns(gate.Task);
        mock.Setup(t => t.ObjectAsync(It.IsAny<object?>())).Returns(gate.Task);
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        var calls = new[]
        {
            proxy.ThreeAsync(1, "x", 3), proxy.ThreeAsync(1, "x", 3), proxy.ThreeAsync(1, "y", 3),
            proxy.ObjectAsync(42), proxy.ObjectAsync("42"),
        };

        Assert.Multiple(() =>
        {
            Assert.That(mock.Invocations, Has.Count.EqualTo(3), "an int and a string that format alike share the key");
            Assert.That(coalescer.Forget("1-x-3"), Is.True);
            Assert.That(coalescer.Forget("1-y-3"), Is.True);
            Assert.That(coalescer.Forget("v:42"), Is.True);
        });
        gate.SetResult(1);
        await Task.WhenAll(calls).WaitAsync(Bounded.Timeout);
    }
}

public interface ITemplates
{
    [Coalesced(Key = "config{{v1}}")]
    Task<int> ConstantAsync(int id);

    [Coalesced(Key = "}}{id}{{")]
    Task<int> BracesAsync(int id);

    [Coalesced(Key = "{a}-{b}-{c}")]
    Task<int> ThreeAsync(int a, string? b, long c);

    [Coalesced(Key = "{d}.{c}.{b}.{a}")]
    Task<int> ReorderedAsync(int a, int b, int c, int d);

    [Coalesced(Key = "[{id,5}|{id:x4}]")]
    Task<int> AlignedAsync(int id);

    [Coalesced(Key = "v:{value}")]
    Task<int> ObjectAsync(object? value);

    [Coalesced(Key = "k:{day}")]
    Task<int> EnumAsync(DayOfWeek day);

    [Coalesced(Key = "u:{user}")]
    Task<int> RecordAsync(User user);

    [Coalesced(Key = "g:{id}")]
    Task<int> GenericAsync<T>(T id)
        where T : struct;
}
