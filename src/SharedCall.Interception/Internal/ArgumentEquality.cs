using System.Runtime.InteropServices;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Equality of argument values for keys: <see cref="object.Equals(object)"/>, except that arrays are compared
/// element by element (recursively, so nested arrays too), because two callers never pass the same array instance.
/// </summary>
internal static class ArgumentEquality
{
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
