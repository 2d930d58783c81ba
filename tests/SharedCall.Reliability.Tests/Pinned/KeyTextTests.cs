using SharedCall.Advanced;
using SharedCall.Reliability.Tests.BadInput;

namespace SharedCall.Reliability.Tests.Pinned;

/// <summary>How keys appear in error messages and in the debugger.</summary>
public class KeyTextTests
{
    [Test]
    public void Key_of_200_characters_appears_whole_and_a_longer_one_is_cut_at_200_with_an_ellipsis()
    {
        var coalescer = new Coalescer();
        var exact = new string('a', 200);
        var longer = new string('b', 201);
        Assert.Multiple(() =>
        {
            Assert.That(
                () => coalescer.Run<int>(exact, () => coalescer.Run(exact, () => 1)),
                Throws.InvalidOperationException.With.Message.Contains($"'{exact}'"));
            Assert.That(
                () => coalescer.Run<int>(longer, () => coalescer.Run(longer, () => 1)),
                Throws.InvalidOperationException.With.Message.Contains($"'{new string('b', 200)}…'"));
        });
    }

    [Test]
    public void Key_whose_ToString_throws_is_described_by_its_type()
    {
        var coalescer = new Coalescer();
        var key = new ThrowingToStringKey();
        Assert.That(
            () => coalescer.Run<int>(key, () => coalescer.Run(key, () => 1)),
            Throws.InvalidOperationException.With.Message.Contains($"'(a {typeof(ThrowingToStringKey)} whose ToString threw)'"));
    }

    [Test]
    public void Flight_key_shows_its_value_in_the_debugger()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new FlightKey("user:7").ToString(), Is.EqualTo("user:7"));
            Assert.That(new FlightKey(new NullText()).ToString(), Is.Empty);
        });
    }

    private sealed class NullText
    {
        public override string? ToString() => null;
    }
}
