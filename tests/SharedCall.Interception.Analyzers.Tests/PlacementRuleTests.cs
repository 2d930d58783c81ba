using SharedCall.Interception.Analyzers.CodeFixes;

namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1005: [Coalesced] on a class or struct member, and its fix (move it to the interface method).</summary>
public class PlacementRuleTests
{
    [Test]
    public async Task The_attribute_on_a_class_method_is_SC1005_naming_the_interface_method()
    {
        await Verify.AnalyzerAsync(
            """
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                Task<int> GetAsync(int id);
            }

            public class Repo : IRepo
            {
                [Coalesced]
                public Task<int> GetAsync(int id) => Task.FromResult(id);
            }
            """,
            Verify.Warning("SC1005")
                .WithSpan("/0/Test0.cs", 11, 6, 11, 15)
                .WithMessage("[Coalesced] on 'Repo.GetAsync' has no effect: a coalescing proxy sees only interface members. Put it on the interface method 'Repo.GetAsync' implements ('IRepo.GetAsync')."));
    }

    [Test]
    public async Task Struct_methods_and_methods_that_implement_nothing_are_SC1005()
    {
        await Verify.AnalyzerAsync("""
            using SharedCall.Interception;

            public struct Values
            {
                [{|SC1005:Coalesced(Key = "v")|}]
                public int Get(int id) => id;
            }

            public class Helper
            {
                [{|SC1005:Coalesced|}]
                public int Compute(int id) => id;
            }
            """);
    }

    [Test]
    public async Task A_marked_interface_method_implemented_by_an_unmarked_class_is_silent()
    {
        await Verify.AnalyzerAsync("""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                Task<int> GetAsync(int id);
            }

            public class Repo : IRepo
            {
                public Task<int> GetAsync(int id) => Task.FromResult(id);
            }
            """);
    }

    [Test]
    public async Task The_fix_moves_the_attribute_with_its_arguments_to_the_interface_method()
    {
        await Verify.CodeFixAsync<MoveToInterfaceCodeFix>(
            """
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                Task<int> GetAsync(int id);
            }

            public class Repo : IRepo
            {
                [{|SC1005:Coalesced(Key = "user:{id}")|}]
                public Task<int> GetAsync(int id) => Task.FromResult(id);
            }
            """,
            """
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced(Key = "user:{id}")]
                Task<int> GetAsync(int id);
            }

            public class Repo : IRepo
            {
                public Task<int> GetAsync(int id) => Task.FromResult(id);
            }
            """);
    }

    [Test]
    public async Task The_fix_reaches_an_interface_in_another_file_and_keeps_other_attributes()
    {
        await Verify.CodeFixAsync<MoveToInterfaceCodeFix>(
            [
                """
                using System;
                using System.Threading.Tasks;
                using SharedCall.Interception;

                public class Repo : IRepo
                {
                    [Obsolete, {|SC1005:Coalesced|}]
                    Task<int> IRepo.GetAsync(int id) => Task.FromResult(id);
                }
                """,
                """
                using System.Threading.Tasks;

                public interface IRepo
                {
                    Task<int> GetAsync(int id);
                }
                """,
            ],
            [
                """
                using System;
                using System.Threading.Tasks;
                using SharedCall.Interception;

                public class Repo : IRepo
                {
                    [Obsolete]
                    Task<int> IRepo.GetAsync(int id) => Task.FromResult(id);
                }
                """,
                """
                using System.Threading.Tasks;

                public interface IRepo
                {
                    [SharedCall.Interception.Coalesced]
                    Task<int> GetAsync(int id);
                }
                """,
            ]);
    }

    [Test]
    public async Task The_fix_only_removes_the_attribute_when_the_interface_method_has_it_already()
    {
        await Verify.CodeFixAsync<MoveToInterfaceCodeFix>(
            """
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                int Get(int id);
            }

            public class Repo : IRepo
            {
                [{|SC1005:Coalesced|}]
                public int Get(int id) => id;
            }
            """,
            """
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                int Get(int id);
            }

            public class Repo : IRepo
            {
                public int Get(int id) => id;
            }
            """);
    }
}
