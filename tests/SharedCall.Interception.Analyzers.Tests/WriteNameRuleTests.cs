namespace SharedCall.Interception.Analyzers.Tests;

/// <summary>SC1006: a coalesced method whose name reads as a write.</summary>
public class WriteNameRuleTests
{
    [TestCase("CreateOrderAsync")]
    [TestCase("AddAsync")]
    [TestCase("UpdateUser")]
    [TestCase("DeleteAsync")]
    [TestCase("SaveChangesAsync")]
    [TestCase("SendEmailAsync")]
    [TestCase("ChargeCardAsync")]
    [TestCase("PublishAsync")]
    [TestCase("EnqueueAsync")]
    [TestCase("SetAsync")]
    [TestCase("Set")]
    [TestCase("Write")]
    public async Task A_leading_write_verb_is_SC1006_on_the_method_name(string name)
    {
        await Verify.AnalyzerAsync($$"""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                Task<int> {|SC1006:{{name}}|}(int id);
            }
            """);
    }

    [Test]
    public async Task The_message_names_the_verb()
    {
        await Verify.AnalyzerAsync(
            """
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                Task SaveAsync(int id);
            }
            """,
            Verify.Warning("SC1006")
                .WithSpan("/0/Test0.cs", 7, 10, 7, 19)
                .WithMessage("Interface 'IRepo', method 'SaveAsync': its name reads as a write ('Save'), and callers that join another caller's execution skip its side effect. Coalesce reads only: remove [Coalesced], or suppress SC1006 if the method changes nothing."));
    }

    [TestCase("SettingsAsync")]
    [TestCase("GetAsync")]
    [TestCase("FindCreatedAsync")]
    [TestCase("Address")]
    [TestCase("Payload")]
    [TestCase("Postcode")]
    [TestCase("Sendable")]
    [TestCase("WriterFor")]
    [TestCase("CreationTime")]
    [TestCase("Updates")]
    public async Task Reads_whose_words_start_like_a_verb_are_silent(string name)
    {
        await Verify.AnalyzerAsync($$"""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                Task<int> {{name}}(int id);
            }
            """);
    }

    [Test]
    public async Task An_unmarked_write_is_silent()
    {
        await Verify.AnalyzerAsync("""
            using System.Threading.Tasks;
            using SharedCall.Interception;

            public interface IRepo
            {
                [Coalesced]
                Task<int> GetAsync(int id);

                Task SaveAsync(int id);
            }
            """);
    }
}
