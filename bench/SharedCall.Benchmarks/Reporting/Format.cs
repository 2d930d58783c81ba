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

    public static string Fig(Figure? f) => f is null ? "n/a" : $"{Ns(f.MedianNs)}, {Bytes(f.Bytes)}";

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
