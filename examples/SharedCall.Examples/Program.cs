// shared-call-py's benchmark scenarios, each run without and with [Coalesced] (Autofac's EnableInterfaceInterceptors()).
//   dotnet run -c Release --project examples/SharedCall.Examples -- [database-load|thundering-herd|rate-limit|all] [--json]
using SharedCall.Examples.Reporting;
using SharedCall.Examples.Scenarios;

var scenarios = new Dictionary<string, Func<Task<ScenarioResult>>>(StringComparer.OrdinalIgnoreCase)
{
    [DatabaseLoadScenario.Name] = () => DatabaseLoadScenario.RunAsync(),
    [ThunderingHerdScenario.Name] = () => ThunderingHerdScenario.RunAsync(),
    [RateLimitScenario.Name] = () => RateLimitScenario.RunAsync(),
};

var json = args.Contains("--json", StringComparer.OrdinalIgnoreCase);
var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).DefaultIfEmpty("all").ToArray();
if (names.Length != 1 || !(names[0].Equals("all", StringComparison.OrdinalIgnoreCase) || scenarios.ContainsKey(names[0])))
{
    Console.Error.WriteLine($"usage: SharedCall.Examples [{string.Join('|', scenarios.Keys)}|all] [--json]");
    return 2;
}

var selected = names[0].Equals("all", StringComparison.OrdinalIgnoreCase) ? scenarios.Keys.ToArray() : [names[0]];
if (!json)
{
    Console.WriteLine("SharedCall examples: shared-call-py's scenarios, without and with [Coalesced].");
    Console.WriteLine("Every backend here (database, recompute, upstream API) is SIMULATED in-process, as shared-call-py's were;");
    Console.WriteLine("examples/WebApi/load-test.sh measures a real ASP.NET Core API on a real PostgreSQL.");
}

var results = new List<ScenarioResult>();
foreach (var name in selected)
{
    var result = await scenarios[name]();
    results.Add(result);
    if (!json)
    {
        TableReport.Print(result, Console.Out);
    }
}

if (json)
{
    JsonReport.Print(results, Console.Out);
}

return 0;
