namespace SharedCall.Reliability.Tests;

public class OptionsTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void Empty_name_fails_construction_with_ArgumentException(string? name) =>
        Assert.That(() => new Coalescer(new CoalescerOptions { Name = name! }), Throws.ArgumentException.With.Property("ParamName").EqualTo("options"));

    [Test]
    public void Null_options_fail_construction_with_ArgumentNullException() =>
        Assert.That(() => new Coalescer(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("options"));
}
