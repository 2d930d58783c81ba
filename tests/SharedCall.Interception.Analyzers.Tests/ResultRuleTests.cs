using SharedCall.Interception.Analyzers.CodeFixes;

namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1007 (a mutable collection result, with its fix) and SC1008 (a lazy IEnumerable&lt;T&gt;).</summary>
public class ResultRuleTests
{
    [TestCase("SC1007", "List<int>")]
    [TestCase("SC1007", "Task<List<int>>")]
    [TestCase("SC1007", "ValueTask<int[]>")]
    [TestCase("SC1007", "Task<Dictionary<string, int>>")]
    [TestCase("SC1007", "Task<HashSet<int>>")]
    [TestCase("SC1007", "Task<IList<int>>")]
    [TestCase("SC1007", "Task<ICollection<int>>")]
    [TestCase("SC1007", "Task<IDictionary<string, int>>")]
    [TestCase("SC1007", "Task<Queue<int>>")]
    [TestCase("SC1007", "Task<System.Collections.ObjectModel.Collection<int>>")]
    [TestCase("SC1007", "Task<System.Collections.Concurrent.ConcurrentDictionary<string, int>>")]
    [TestCase("SC1007", "int[,]")]
    [TestCase("SC1008", "IEnumerable<int>")]
    [TestCase("SC1008", "Task<IEnumerable<int>>")]
    [TestCase("SC1008", "System.Collections.IEnumerable")]
    public async Task A_mutable_or_lazy_collection_result_is_reported_on_the_return_type(string id, string returnType)
    {
        await Verify.AnalyzerAsync($$"""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                {|{{id}}:{{returnType}}|} Get(int id);
            }
            """);
    }

    [Test]
    public async Task The_message_names_the_read_only_counterpart()
    {
        await Verify.AnalyzerAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                Task<Dictionary<string, int>> GetAsync(int id);
            }
            """,
            Verify.Warning("SC1007")
                .WithSpan("/0/Test0.cs", 8, 5, 8, 34)
                .WithMessage("Interface 'IRepo', method 'GetAsync': its result 'Dictionary<string, int>' is a mutable collection, and every joined caller receives the same instance, so one caller's change is seen by all. Return 'IReadOnlyDictionary<string, int>' instead, or suppress SC1007 if no caller changes it."));
    }

    [Test]
    public async Task Read_only_and_immutable_results_are_silent()
    {
        await Verify.AnalyzerAsync("""
            using System.Collections.Generic;
            using System.Collections.ObjectModel;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            [Coalesced]
            public interface IRepo
            {
                Task<IReadOnlyList<int>> A();
                Task<IReadOnlyDictionary<string, int>> B();
                Task<ReadOnlyCollection<int>> C();
                Task<IReadOnlySet<int>> D();
                Task<string> E();
                ValueTask<int> F();
                Task G();
                void H();
            }
            """);
    }

    [Test]
    public async Task Unmarked_methods_may_return_anything()
    {
        await Verify.AnalyzerAsync("""
            using System.Collections.Generic;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                int Count();

                List<int> All();

                IEnumerable<int> Lazy();
            }
            """);
    }

    [Test]
    public async Task The_fix_changes_the_interface_and_its_implementation_to_the_read_only_counterpart()
    {
        await Verify.CodeFixAsync<ReadOnlyResultCodeFix>(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                {|SC1007:Task<List<string>>|} GetAsync(int id);
            }

            public class Repo : IRepo
            {
                public async Task<List<string>> GetAsync(int id)
                {
                    await Task.Yield();
                    return new List<string> { "a" };
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                Task<IReadOnlyList<string>> GetAsync(int id);
            }

            public class Repo : IRepo
            {
                public async Task<IReadOnlyList<string>> GetAsync(int id)
                {
                    await Task.Yield();
                    return new List<string> { "a" };
                }
            }
            """);
    }

    [TestCase("int[]", "IReadOnlyList<int>")]
    [TestCase("HashSet<int>", "IReadOnlySet<int>")]
    [TestCase("Dictionary<string, int>", "IReadOnlyDictionary<string, int>")]
    [TestCase("Stack<int>", "IReadOnlyCollection<int>")]
    public async Task The_fix_picks_the_counterpart_the_collection_implements(string mutable, string readOnly)
    {
        await Verify.CodeFixAsync<ReadOnlyResultCodeFix>(
            $$"""
            using System.Collections.Generic;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                {|SC1007:{{mutable}}|} Get(int id);
            }
            """,
            $$"""
            using System.Collections.Generic;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                {{readOnly}} Get(int id);
            }
            """);
    }

    [Test]
    public async Task No_fix_is_offered_for_a_mutable_interface()
    {
        var code = """
            using System.Collections.Generic;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                {|SC1007:IList<int>|} Get(int id);
            }
            """;
        await Verify.CodeFixAsync<ReadOnlyResultCodeFix>(code, code);
    }
}
