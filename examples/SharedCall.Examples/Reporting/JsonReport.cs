using System.Text.Encodings.Web;
using System.Text.Json;

namespace SharedCall.Examples.Reporting;

/// <summary>The same figures as JSON, for scripts (<c>--json</c>).</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // the output goes to a terminal or a script, not into HTML
    };

    public static void Print(IReadOnlyList<ScenarioResult> results, TextWriter output)
    {
        var document = new
        {
            simulated = true,
            note = "Every backend in these scenarios is simulated in-process (database, cache recompute, upstream API), as shared-call-py's were.",
            machine = new { processors = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), runtime = Environment.Version.ToString() },
            scenarios = results,
        };
        output.WriteLine(JsonSerializer.Serialize(document, s_options));
    }
}
