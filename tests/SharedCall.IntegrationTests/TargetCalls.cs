using System.Collections.Concurrent;

namespace SharedCall.IntegrationTests;

/// <summary>Counts how often the real repository (behind the proxy) was entered, per method.</summary>
public sealed class TargetCalls
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Record(string method) => _counts.AddOrUpdate(method, 1, (_, count) => count + 1);

    public int Of(string method) => _counts.TryGetValue(method, out var count) ? count : 0;
}
