using System.Reflection;
using System.Runtime.CompilerServices;

namespace SharedCall.Reliability.Tests.Leaks;

/// <summary>Weak references to sampled objects, and a look at a token source's registrations.</summary>
internal sealed class LeakProbe
{
    private readonly List<WeakReference> _tracked = [];

    public int Tracked => _tracked.Count;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Track<T>(T value)
        where T : class
    {
        lock (_tracked)
        {
            _tracked.Add(new WeakReference(value));
        }

        return value;
    }

    /// <summary>Runs full blocking GCs until the tracked objects are gone or the tries run out; returns the survivors.</summary>
    public int Survivors()
    {
        for (var i = 0; i < 10; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            if (_tracked.TrueForAll(static r => !r.IsAlive))
            {
                return 0;
            }
        }

        return _tracked.Count(static r => r.IsAlive);
    }

    /// <summary>
    /// Counts the callbacks registered on <paramref name="source"/>, read from the runtime's private fields
    /// (CancellationTokenSource._registrations.Callbacks, a linked list through Next); null if they moved.
    /// </summary>
    public static int? RegistrationCount(CancellationTokenSource source)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var registrations = typeof(CancellationTokenSource).GetField("_registrations", Instance)?.GetValue(source);
        if (registrations is null)
        {
            // No registration was ever made, or the field moved; tell the two apart.
            return typeof(CancellationTokenSource).GetField("_registrations", Instance) is null ? null : 0;
        }

        var callbacks = registrations.GetType().GetField("Callbacks", Instance);
        var node = callbacks?.GetValue(registrations);
        var next = node?.GetType().GetField("Next", Instance);
        if (callbacks is null || (node is not null && next is null))
        {
            return null;
        }

        var count = 0;
        for (; node is not null; node = next!.GetValue(node))
        {
            count++;
        }

        return count;
    }
}
