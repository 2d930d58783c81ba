namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1003: a key template the proxy would refuse, reported on the template with the run-time words.</summary>
public class KeyTemplateRuleTests
{
    [TestCase("user}")]
    [TestCase("user{")]
    [TestCase("a}{nope}")]
    [TestCase("{id,wide}")]
    public async Task A_malformed_template_is_SC1003_with_the_run_time_message(string template)
    {
        await Verify.AnalyzerAsync(
            $$"""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced(Key = "{{template}}")]
                Task<int> GetAsync(int id);
            }
            """,
            Verify.Diagnostic("SC1003").WithSpan("/0/Test0.cs", 6, 22, 6, 24 + template.Length).WithMessage(
                $"Interface 'IRepo', method 'GetAsync': it is marked [Coalesced] but cannot be coalesced because its key template \"{template}\" is malformed: every '{{' must open a hole '{{parameterName}}' that a '}}' closes (write '{{{{' and '}}}}' for literal braces). Fix the key template, or remove Key to key on every argument."));
    }

    [Test]
    public async Task A_name_that_is_not_a_parameter_lists_the_parameters()
    {
        await Verify.AnalyzerAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced(Key = "user:{userId}")]
                Task<int> GetAsync(int id, CancellationToken token);
            }
            """,
            Verify.Diagnostic("SC1003").WithSpan("/0/Test0.cs", 7, 22, 7, 37).WithMessage(
                "Interface 'IRepo', method 'GetAsync': it is marked [Coalesced] but cannot be coalesced because its key template \"user:{userId}\" names 'userId', which is not one of the parameters a key can name (id). Fix the key template, or remove Key to key on every argument."));
    }

    [Test]
    public async Task Naming_the_cancellation_token_is_SC1003()
    {
        await Verify.AnalyzerAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced(Key = {|SC1003:"user:{token}"|})]
                Task<int> GetAsync(int id, CancellationToken token);
            }
            """);
    }

    [Test]
    public async Task Naming_values_that_format_as_their_type_name_is_SC1003()
    {
        await Verify.AnalyzerAsync("""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public struct Opaque { public int Value; }
            public sealed class OpaqueClass { public int Value; }

            public interface IRepo
            {
                [Coalesced(Key = {|SC1003:"k:{value}"|})]
                Task<int> A(Opaque value);

                [Coalesced(Key = {|SC1003:"k:{value}"|})]
                Task<int> B(OpaqueClass value);

                [Coalesced(Key = {|SC1003:"k:{value}"|})]
                Task<int> C(int[] value);
            }
            """);
    }

    [Test]
    public async Task The_type_name_in_the_message_is_the_run_time_one()
    {
        await Verify.AnalyzerAsync(
            """
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced(Key = "k:{ids}")]
                Task<int> GetAsync(int[] ids);
            }
            """,
            Verify.Diagnostic("SC1003").WithSpan("/0/Test0.cs", 6, 22, 6, 31).WithMessage(
                "Interface 'IRepo', method 'GetAsync': it is marked [Coalesced] but cannot be coalesced because its key template \"k:{ids}\" names 'ids', whose type 'Int32[]' formats as its type name, so calls with different values would share one key (name parameters that format to their value, such as numbers, strings, dates, enums and records, or drop the template to key on the values themselves). Fix the key template, or remove Key to key on every argument."));
    }

    [Test]
    public async Task An_interface_template_is_checked_against_each_method_it_applies_to()
    {
        await Verify.AnalyzerAsync("""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            [Coalesced(Key = "user:{id}")]
            public interface IRepo
            {
                Task<int> GetAsync(int id);

                Task<int> {|SC1003:FindAsync|}(string name);

                [Coalesced]
                Task<int> ListAsync(string name);
            }
            """);
    }

    [Test]
    public async Task Good_templates_are_silent()
    {
        await Verify.AnalyzerAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public enum Kind { A, B }
            public record struct Point(int X, int Y);
            public sealed class Named { public override string ToString() => "named"; }

            public interface IRepo<T>
            {
                [Coalesced(Key = "{{literal}} user:{id}")]
                Task<int> A(int id, CancellationToken token);

                [Coalesced(Key = "{day:yyyy-MM-dd}/{ kind }/{id,5:D3}")]
                Task<int> B(DateTime day, Kind kind, int id);

                [Coalesced(Key = "{point}:{named}:{value}:{text}:{maybe}")]
                Task<int> C(Point point, Named named, T value, string text, int? maybe);

                [Coalesced(Key = "constant")]
                Task<int> D(int id);

                [Coalesced(Key = "")]
                Task<int> E(object anything);
            }
            """);
    }
}
