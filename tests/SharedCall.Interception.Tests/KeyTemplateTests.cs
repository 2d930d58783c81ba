using System.Globalization;

namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 4: a key template makes a plain string key, which Coalescer.Forget accepts.</summary>
public class KeyTemplateTests
{
    [Test]
    public async Task Parameters_the_template_leaves_out_do_not_split_calls_and_Forget_takes_the_string()
    {
        var coalescer = new Coalescer();
        var first = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.SetupSequence(r => r.GetUserByTemplateAsync(42, It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns(first.Task)
            .Returns(second.Task);
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        var a = proxy.GetUserByTemplateAsync(42, "trace-a", CancellationToken.None);
        var b = proxy.GetUserByTemplateAsync(42, "trace-b", CancellationToken.None);
        Assert.That(coalescer.Forget("user:42"), Is.True);
        var c = proxy.GetUserByTemplateAsync(42, "trace-c", CancellationToken.None);
        first.SetResult(new User(42, "old"));
        second.SetResult(new User(42, "new"));

        Assert.Multiple(async () =>
        {
            Assert.That((await a).Name, Is.EqualTo("old"));
            Assert.That((await b).Name, Is.EqualTo("old"));
            Assert.That((await c).Name, Is.EqualTo("new"), "after Forget the next call starts a new execution");
            Assert.That(coalescer.Forget("user:42"), Is.False, "nothing is in flight any more");
        });
        mock.Verify(r => r.GetUserByTemplateAsync(42, It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task A_template_without_holes_is_accepted_and_every_call_shares_that_key()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IConstantKey>();
        mock.Setup(r => r.LoadAsync(It.IsAny<int>(), It.IsAny<CancellationToken>())).Returns(gate.Task);
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        var a = proxy.LoadAsync(1, CancellationToken.None);
        var b = proxy.LoadAsync(2, CancellationToken.None);
        Assert.That(coalescer.Forget("config"), Is.True, "the key is the template's text");
        gate.SetResult("loaded");

        Assert.That(await Task.WhenAll(a, b).Bounded(), Is.All.EqualTo("loaded"));
        mock.Verify(r => r.LoadAsync(It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Once());
    }

    [Test]
    public void The_template_is_formatted_with_the_invariant_culture_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var coalescer = new Coalescer();
            var keys = new GatedKeys(coalescer);
            _ = keys.Proxy.PriceAsync(1.5m);
            _ = keys.Proxy.DayAsync(new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc), 1);
            _ = keys.Proxy.DayAsync(new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc), 2);

            Assert.Multiple(() =>
            {
                Assert.That(keys.TargetCalls, Is.EqualTo(2));
                Assert.That(coalescer.Forget("price:1.5"), Is.True);
                Assert.That(coalescer.Forget("day:2026-11-26/{literal}"), Is.True, "hole formats and escaped braces");
            });
            keys.Release();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}

/// <summary>A constant key template: every call shares one key, whatever its arguments.</summary>
public interface IConstantKey
{
    [Coalesced(Key = "config")]
    Task<string> LoadAsync(int version, CancellationToken cancellationToken);
}
