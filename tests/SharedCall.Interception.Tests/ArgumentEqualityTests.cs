using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Tests;

/// <summary>
/// The equality and hash of argument values on their own: the cases a proxy reaches only on a hash collision, which
/// a test cannot arrange (the hash is seeded per process).
/// </summary>
public class ArgumentEqualityTests
{
    [TestCase(typeof(int[]), true)]
    [TestCase(typeof(string[,]), true)]
    [TestCase(typeof(object), true)]
    [TestCase(typeof(Array), true)]
    [TestCase(typeof(IEnumerable<int>), true)]
    [TestCase(typeof(System.Collections.ICollection), true)]
    [TestCase(typeof(int), false)]
    [TestCase(typeof(int?), false)]
    [TestCase(typeof(string), false)]
    [TestCase(typeof(ValueType), false)]
    [TestCase(typeof(List<int>), false)]
    public void Only_arrays_object_Array_and_interfaces_admit_an_array(Type parameterType, bool canBeArray)
    {
        Assert.That(ArgumentEquality.CanBeArray(parameterType), Is.EqualTo(canBeArray));
    }

    [Test]
    public void Without_arrays_the_short_comparison_and_hash_agree_with_the_array_aware_ones()
    {
        object?[] values = [null, 0, 0L, "a", 'a', 1.5];
        Assert.Multiple(() =>
        {
            foreach (var left in values)
            {
                Assert.That(ArgumentEquality.GetHashCode(left, mayBeArray: false), Is.EqualTo(ArgumentEquality.GetHashCode(left)), $"{left}");
                foreach (var right in values)
                {
                    Assert.That(
                        ArgumentEquality.AreEqual(left, right, mayBeArrays: false),
                        Is.EqualTo(ArgumentEquality.AreEqual(left, right)),
                        $"{left} and {right}");
                }
            }
        });
    }

    [Test]
    public void Null_equals_only_null_whichever_side_it_is_on()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ArgumentEquality.AreEqual(null, null), Is.True);
            Assert.That(ArgumentEquality.AreEqual(null, 0), Is.False);
            Assert.That(ArgumentEquality.AreEqual(0, null), Is.False);
            Assert.That(ArgumentEquality.AreEqual(null, Array.Empty<object>()), Is.False);
            Assert.That(ArgumentEquality.AreEqual(Array.Empty<object>(), null), Is.False);
            Assert.That(ArgumentEquality.GetHashCode(null), Is.Zero);
        });
    }

    [Test]
    public void Arrays_of_one_type_but_different_lengths_are_not_equal_even_when_one_starts_like_the_other()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ArgumentEquality.AreEqual(new object[] { "a" }, new object[] { "a", "b" }), Is.False);
            Assert.That(ArgumentEquality.AreEqual(new object[] { "a", "b" }, new object[] { "a" }), Is.False);
            Assert.That(ArgumentEquality.AreEqual(new[] { 1 }, new[] { 1, 0 }), Is.False);
        });
    }

    [Test]
    public void Arrays_of_different_types_are_not_equal_even_with_equal_elements()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ArgumentEquality.AreEqual(new object[] { "a" }, new[] { "a" }), Is.False);
            Assert.That(ArgumentEquality.AreEqual(new[] { 0 }, new uint[] { 0 }), Is.False);
            Assert.That(ArgumentEquality.AreEqual(new object[] { "a" }, new object[] { "a" }), Is.True);
        });
    }

    [Test]
    public void Arrays_of_objects_compare_every_element()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ArgumentEquality.AreEqual(new object[] { "a", 1 }, new object[] { "a", 2 }), Is.False);
            Assert.That(ArgumentEquality.AreEqual(new object[] { 1, "a" }, new object[] { 2, "a" }), Is.False);
            Assert.That(ArgumentEquality.AreEqual(new object?[] { new[] { 1 }, null }, new object?[] { new[] { 1 }, null }), Is.True);
        });
    }

    [Test]
    public void Arrays_of_primitives_compare_bitwise_like_their_hash()
    {
        // 0.0.Equals(-0.0) is true, but their bits differ and so do their hashes: equal keys must hash alike.
        double[] nan = [double.NaN], otherNan = [double.NaN];
        Assert.Multiple(() =>
        {
            Assert.That(ArgumentEquality.AreEqual(new[] { 0.0 }, new[] { -0.0 }), Is.False);
            Assert.That(ArgumentEquality.AreEqual(nan, otherNan), Is.True);
            Assert.That(ArgumentEquality.GetHashCode(nan), Is.EqualTo(ArgumentEquality.GetHashCode(otherNan)));
        });
    }

    [Test]
    public void Equal_arrays_hash_alike_and_arrays_that_differ_hash_apart()
    {
        int[] numbers = [1, 2], sameNumbers = [1, 2];
        object?[] nested = ["a", new[] { 1 }], sameNested = ["a", new[] { 1 }];
        Assert.Multiple(() =>
        {
            Assert.That(ArgumentEquality.GetHashCode(numbers), Is.EqualTo(ArgumentEquality.GetHashCode(sameNumbers)));
            Assert.That(ArgumentEquality.GetHashCode(nested), Is.EqualTo(ArgumentEquality.GetHashCode(sameNested)));
            Assert.That(ArgumentEquality.GetHashCode(numbers), Is.Not.EqualTo(ArgumentEquality.GetHashCode(new[] { 3, 4 })));
            Assert.That(
                ArgumentEquality.GetHashCode(new object[] { "a" }),
                Is.Not.EqualTo(ArgumentEquality.GetHashCode(new object[] { "b" })));
            Assert.That(
                ArgumentEquality.GetHashCode(new object[] { new[] { 1 } }),
                Is.Not.EqualTo(ArgumentEquality.GetHashCode(new object[] { new[] { 2 } })));
        });
    }

    [Test]
    public void Arrays_with_the_same_bytes_but_different_lengths_hash_apart()
    {
        // One int 1 and the four bytes 1, 0, 0, 0 are the same bytes in memory.
        Assert.That(
            ArgumentEquality.GetHashCode(new byte[] { 1, 0, 0, 0 }),
            Is.Not.EqualTo(ArgumentEquality.GetHashCode(new[] { 1 })));
    }
}
