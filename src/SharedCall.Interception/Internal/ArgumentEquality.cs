using System.Runtime.InteropServices;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Equality of argument values for keys: <see cref="object.Equals(object)"/>, except that arrays are compared
/// element by element (recursively, so nested arrays too), because two callers never pass the same array instance.
/// </summary>
internal static class ArgumentEquality
{
    /// <summary>Whether an argument of <paramref name="parameterType"/> can be an array, so it needs the array-aware comparison.</summary>
    /// <remarks>Arrays derive from <see cref="Array"/> alone, so only it, <see cref="object"/> and interfaces admit them.</remarks>
    public static bool CanBeArray(Type parameterType) =>
        parameterType.IsArray || parameterType.IsInterface || parameterType == typeof(object) || parameterType == typeof(Array);

    /// <summary>As <see cref="AreEqual(object?, object?)"/>; when the arguments cannot be arrays, without testing for one.</summary>
    public static bool AreEqual(object? left, object? right, bool mayBeArrays) =>
        mayBeArrays ? AreEqual(left, right) : Equals(left, right);

    /// <summary>As <see cref="GetHashCode(object?)"/>; when the argument cannot be an array, without testing for one.</summary>
    public static int GetHashCode(object? value, bool mayBeArray) =>
        mayBeArray ? GetHashCode(value) : value?.GetHashCode() ?? 0;

    public static bool AreEqual(object? left, object? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null)
        {
            return false;
        }

        return left is Array leftArray && right is Array rightArray
            ? ArraysEqual(leftArray, rightArray)
            : left.Equals(right);
    }

    public static int GetHashCode(object? value) => value switch
    {
        null => 0,
        Array array => ArrayHashCode(array),
        _ => value.GetHashCode(),
    };

    private static bool ArraysEqual(Array left, Array right)
    {
        if (left.GetType() != right.GetType() || left.Length != right.Length || !SameDimensions(left, right))
        {
            return false;
        }

        if (IsPrimitive(left))
        {
            // Bitwise: 0.0 and -0.0 then count as different keys, which only costs a missed coalescing.
            return BytesOf(left).SequenceEqual(BytesOf(right));
        }

        var leftItems = left.GetEnumerator();
        var rightItems = right.GetEnumerator();
        while (leftItems.MoveNext() && rightItems.MoveNext())
        {
            if (!AreEqual(leftItems.Current, rightItems.Current))
            {
                return false;
            }
        }

        return true;
    }

    private static int ArrayHashCode(Array array)
    {
        var hash = default(HashCode);
        hash.Add(array.Length);
        if (IsPrimitive(array))
        {
            hash.AddBytes(BytesOf(array));
        }
        else
        {
            foreach (var item in array)
            {
                hash.Add(GetHashCode(item));
            }
        }

        return hash.ToHashCode();
    }

    // Called for arrays of one type, hence of one rank.
    private static bool SameDimensions(Array left, Array right)
    {
        for (var dimension = 1; dimension < left.Rank; dimension++)
        {
            if (left.GetLength(dimension) != right.GetLength(dimension))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrimitive(Array array) => array.GetType().GetElementType()!.IsPrimitive;

    private static ReadOnlySpan<byte> BytesOf(Array array) =>
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), Buffer.ByteLength(array));
}
