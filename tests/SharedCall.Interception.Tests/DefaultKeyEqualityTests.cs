using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Tests;

/// <summary>
/// The default key (method plus argument values) as an object: its Equals and GetHashCode follow the contract a
/// dictionary relies on, even when an argument type's own Equals does not agree with its GetHashCode.
/// </summary>
public class DefaultKeyEqualityTests
{
    [Test]
    public void A_key_equals_itself_and_nothing_that_is_not_a_key()
    {
        var key = CallKey.Of<IUserRepository>(r => r.GetUserAsync(42, default));
        var self = key.Equals(key);
        var text = key.Equals("IUserRepository.GetUserAsync(42)");
        var number = key.Equals(42);
        var none = key.Equals(null);

        Assert.Multiple(() =>
        {
            Assert.That(self, Is.True);
            Assert.That(none, Is.False);
            Assert.That(text, Is.False);
            Assert.That(number, Is.False);
        });
    }

    [Test]
    public void Keys_of_different_calls_hash_apart()
    {
        var key = CallKey.Of<IShapes>(s => s.Value(1));

        Assert.Multiple(() =>
        {
            Assert.That(key.GetHashCode(), Is.EqualTo(CallKey.Of<IShapes>(s => s.Value(1)).GetHashCode()));
            Assert.That(key.GetHashCode(), Is.Not.EqualTo(CallKey.Of<IShapes>(s => s.Value(2)).GetHashCode()), "other argument");
            Assert.That(key.GetHashCode(), Is.Not.EqualTo(CallKey.Of<IShapes>(s => s.Void(1)).GetHashCode()), "other method");
        });
    }

    [Test]
    public void Keys_whose_hashes_differ_are_not_equal_even_when_the_arguments_claim_to_be()
    {
        var one = CallKey.Of<IArguments>(a => a.OneAsync(new EqualToEverything(1)));
        var two = CallKey.Of<IArguments>(a => a.OneAsync(new EqualToEverything(2)));

        Assert.Multiple(() =>
        {
            Assert.That(one.GetHashCode(), Is.Not.EqualTo(two.GetHashCode()));
            Assert.That(one.Equals(two), Is.False);
            Assert.That(two.Equals(one), Is.False);
        });
    }

    [Test]
    public void Keys_of_different_methods_are_not_equal_even_when_their_hashes_collide()
    {
        // Arguments that claim equality with anything, with scattered hashes: search for two calls of different methods
        // whose keys collide (about 2^15 tries against 2^17 keys; the hash is seeded per process, so it must search).
        var one = MethodPlans.Get(typeof(IArguments).GetMethod(nameof(IArguments.OneAsync))!)!;
        var other = MethodPlans.Get(typeof(IArguments).GetMethod(nameof(IArguments.OtherAsync))!)!;
        var keys = new Dictionary<int, object>();
        for (var i = 0; i < 1 << 17; i++)
        {
            var key = one.CreateKey([new EqualToEverything(HashCode.Combine(i))]);
            keys.TryAdd(key.GetHashCode(), key);
        }

        for (var i = 0; i < 1 << 23; i++)
        {
            var key = other.CreateKey([new EqualToEverything(HashCode.Combine(i))]);
            if (keys.TryGetValue(key.GetHashCode(), out var colliding))
            {
                Assert.Multiple(() =>
                {
                    Assert.That(colliding.Equals(key), Is.False);
                    Assert.That(key.Equals(colliding), Is.False);
                });
                return;
            }
        }

        Assert.Fail("no two keys collided");
    }

    /// <summary>An argument type that breaks the Equals/GetHashCode contract: it equals everything.</summary>
    private sealed class EqualToEverything(int hash)
    {
        public override bool Equals(object? obj) => true;

        public override int GetHashCode() => hash;
    }
}
