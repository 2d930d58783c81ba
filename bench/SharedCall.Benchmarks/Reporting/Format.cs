using System.Globalization;

namespace SharedCall.Benchmarks.Reporting;

internal static class Format
{
    public static string Ns(double ns) => ns switch
    {
        >= 1_000_000 => (ns / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 10_000 => (ns / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " us",
        >= 100 => ns.ToString("0", CultureInfo.InvariantCulture) + " ns",
        _ => ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };

    public static string Bytes(long bytes) => bytes.ToString(CultureInfo.InvariantCulture) + " B";

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    /// <summary>
    /// " Each process's median: ours 150, 248, 250 ns; no-op 55, 56, 57 ns." for cases measured in several processes, else "".
    /// </summary>
    public static string PerProcess(params (string Label, Figure? Figure)[] cases)
    {
        var parts = cases
            .Where(c => c.Figure is { ProcessMediansNs.Count: > 1 })
            .Select(c => c.Label + " " + string.Join(", ", c.Figure!.ProcessMediansNs.Select(n => Number(n, n >= 100 ? "0" : "0.0"))) + " ns")
            .ToList();
        return parts.Count == 0 ? "" : " Each process's median: " + string.Join("; ", parts) + ".";
    }

    /// <summary>How much slower <paramref name="ours"/> is than <paramref name="floor"/>, by median; "0.0 ns" when it is not.</summary>
    public static string NsOver(Figure ours, Figure floor) => Ns(Math.Max(0, ours.MedianNs - floor.MedianNs));

    public static string Fig(Figure? f) => f is null ? "n/a" : $"{Ns(f.MedianNs)}, {Bytes(f.Bytes)}";

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
