using System.Reflection;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Tests;

/// <summary>
/// <see cref="MethodPlans"/> finds a method's plan by the <see cref="MethodInfo"/> object first and by equality
/// after: whichever way a method is found, it has one plan, and no method is ever given another's.
/// </summary>
public class MethodPlanLookupTests
{
    public interface IManyMethods
    {
        [Coalesced]
        Task<int> M00(int id);

        [Coalesced]
        Task<int> M01(int id);

        [Coalesced]
        Task<int> M02(int id);

        [Coalesced]
        Task<int> M03(int id);

        [Coalesced]
        Task<int> M04(int id);

        [Coalesced]
        Task<int> M05(int id);

        [Coalesced]
        Task<int> M06(int id);

        [Coalesced]
        Task<int> M07(int id);

        [Coalesced]
        Task<int> M08(int id);

        [Coalesced]
        Task<int> M09(int id);

        [Coalesced]
        Task<int> M10(int id);

        [Coalesced]
        Task<int> M11(int id);

        [Coalesced]
        Task<int> M12(int id);

        [Coalesced]
        Task<int> M13(int id);

        [Coalesced]
        Task<int> M14(int id);

        [Coalesced]
        Task<int> M15(int id);

        [Coalesced]
        Task<int> M16(int id);

        [Coalesced]
        Task<int> M17(int id);

        [Coalesced]
        Task<int> M18(int id);

        [Coalesced]
        Task<int> M19(int id);


        int Unmarked(int id);

        [Coalesced]
        Task<T> Generic<T>(int id);
    }

    [Test]
    public void Each_of_many_methods_keeps_its_own_plan_however_often_it_is_looked_up()
    {
        // More methods than the identity table's first size holds, so it grows while plans are being found.
        var methods = typeof(IManyMethods).GetMethods().Where(m => m.Name.StartsWith('M')).ToArray();

        var first = methods.Select(MethodPlans.Get).ToArray();
        var again = methods.Select(MethodPlans.Get).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(methods, Has.Length.EqualTo(20));
            for (var i = 0; i < methods.Length; i++)
            {
                Assert.That(first[i]!.Method, Is.SameAs(methods[i]), methods[i].Name);
                Assert.That(again[i], Is.SameAs(first[i]), methods[i].Name + ", looked up again");
            }

            Assert.That(first.Distinct().Count(), Is.EqualTo(methods.Length));
        });
    }

    [Test]
    public void An_unmarked_method_has_no_plan_however_often_it_is_looked_up()
    {
        var method = typeof(IManyMethods).GetMethod(nameof(IManyMethods.Unmarked))!;

        Assert.Multiple(() =>
        {
            Assert.That(MethodPlans.Get(method), Is.Null);
            Assert.That(MethodPlans.Get(method), Is.Null);
        });
    }

    [Test]
    public void Equal_method_objects_of_a_generic_method_share_one_plan_and_other_instantiations_have_their_own()
    {
        var definition = typeof(IManyMethods).GetMethod(nameof(IManyMethods.Generic))!;

        var one = MethodPlans.Get(definition.MakeGenericMethod(typeof(string)));
        var same = MethodPlans.Get(definition.MakeGenericMethod(typeof(string)));
        var other = MethodPlans.Get(definition.MakeGenericMethod(typeof(int)));

        Assert.Multiple(() =>
        {
            Assert.That(same, Is.SameAs(one));
            Assert.That(other, Is.Not.SameAs(one));
            Assert.That(other!.Method.ReturnType, Is.EqualTo(typeof(Task<int>)));
        });
    }
}
