namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1010: a negative TimeoutMilliseconds or ReuseForMilliseconds (the stub attribute has both).</summary>
public class DurationRuleTests
{
    [Test]
    public async Task A_negative_duration_is_SC1010_on_the_argument()
    {
        await Verify.AnalyzerAsync(
            """
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced(TimeoutMilliseconds = -1)]
                int Get(int id);
            }
            """,
            Verify.Diagnostic("SC1010").WithSpan("/0/Test0.cs", 5, 16, 5, 40).WithMessage(
                "Interface 'IRepo', method 'Get': [Coalesced] sets TimeoutMilliseconds = -1, and a time cannot be negative. Use 0 for none, or a positive number of milliseconds."));
    }

    [Test]
    public async Task Negative_durations_on_an_interface_or_a_class_member_are_SC1010()
    {
        await Verify.AnalyzerAsync("""
            using SharedCall.Interception;

            [Coalesced({|SC1010:ReuseForMilliseconds = -5|}, TimeoutMilliseconds = 10)]
            public interface IRepo
            {
                int Get(int id);
            }

            public class Repo : IRepo
            {
                [{|SC1005:Coalesced({|SC1010:TimeoutMilliseconds = -100|})|}]
                public int Get(int id) => id;
            }
            """);
    }

    [Test]
    public async Task Zero_and_positive_durations_are_silent()
    {
        await Verify.AnalyzerAsync("""
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced(TimeoutMilliseconds = 0, ReuseForMilliseconds = 250)]
                int Get(int id);

                [Coalesced(TimeoutMilliseconds = int.MaxValue)]
                int Find(int id);
            }
            """);
    }
}
