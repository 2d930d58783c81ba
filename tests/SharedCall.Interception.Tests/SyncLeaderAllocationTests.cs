using Castle.DynamicProxy;

namespace SharedCall.Interception.Tests;

/// <summary>
/// A synchronous call that leads its execution allocates, beyond Castle's own invocation, only the execution's record
/// (88 B) and its key (40 B): the value the target returned, boxed by Castle, is not boxed a second time. Pinned
/// because the proxy leader benchmark depends on it.
/// </summary>
public class SyncLeaderAllocationTests
{
    private const int FlightAndKeyBytes = 88 + 40;

    [Coalesced]
    public interface ISyncTarget
    {
        int Get(int id);

        int GetAll();
    }

    [Test]
    public void A_leading_sync_call_allocates_its_flight_and_key_beyond_castles_pass_through_proxy()
    {
        var target = new Target();
        var coalesced = CoalescingProxy.Create<ISyncTarget>(target, new Coalescer());
        var passThrough = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<ISyncTarget>(target, new PassThrough());

        var perLead = Allocations.PerCall(() => coalesced.Get(7));
        var perPassThrough = Allocations.PerCall(() => passThrough.Get(7));

        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(4 * Allocations.Calls), "every call on a free key reaches the target");
            Assert.That(coalesced.Get(7), Is.EqualTo(1_007), "the leader gets the target's value");
            Assert.That(
                perLead - perPassThrough,
                Is.LessThanOrEqualTo(FlightAndKeyBytes),
                $"a sync leader allocated {perLead} B, Castle's pass-through {perPassThrough} B");
        });
    }

    [Test]
    public void A_leading_sync_call_without_key_arguments_allocates_only_its_flight_beyond_castles_pass_through_proxy()
    {
        var target = new Target();
        var coalesced = CoalescingProxy.Create<ISyncTarget>(target, new Coalescer());
        var passThrough = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<ISyncTarget>(target, new PassThrough());

        // Every call of a method without key arguments has the same key, made once with the method's plan.
        var perLead = Allocations.PerCall(() => coalesced.GetAll());
        var perPassThrough = Allocations.PerCall(() => passThrough.GetAll());

        Assert.That(perLead - perPassThrough, Is.LessThanOrEqualTo(88), $"a sync leader allocated {perLead} B, Castle's pass-through {perPassThrough} B");
    }



    private sealed class Target : ISyncTarget
    {
        public int Calls { get; private set; }

        public int Get(int id)
        {
            Calls++;

            // Outside the runtime's cache of small boxed values, so every box is a real allocation.
            return 1_000 + id;
        }

        public int GetAll()
        {
            Calls++;
            return 2_000;
        }
    }

    private sealed class PassThrough : IInterceptor
    {
        public void Intercept(Castle.DynamicProxy.IInvocation invocation) => invocation.Proceed();
    }
}
