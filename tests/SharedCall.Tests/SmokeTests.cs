namespace SharedCall.Tests;

public class SmokeTests
{
    [Test]
    public async Task A_single_call_returns_the_work_result()
    {
        var coalescer = new Coalescer();
        var result = await coalescer.RunAsync("k", _ => Task.FromResult(42));
        Assert.That(result, Is.EqualTo(42));
    }
}
