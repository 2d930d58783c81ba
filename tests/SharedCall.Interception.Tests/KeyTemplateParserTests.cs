using System.Reflection;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Tests;

/// <summary>
/// The template parser on its own, against <see cref="ITemplates.ThreeAsync"/>'s parameters (a, b, c). Proxies and
/// CallKey reach it once per method per process (plans are cached), so the parser's cases are pinned here directly.
/// </summary>
public class KeyTemplateParserTests
{
    private static readonly MethodInfo s_method = typeof(ITemplates).GetMethod(nameof(ITemplates.ThreeAsync))!;

    [TestCase("plain", "plain")]
    [TestCase("{{a}}", "{a}")]
    [TestCase("}}{a}{{", "}1{")]
    [TestCase("x{{{{y}}}}z", "x{{y}}z")]
    [TestCase("aa{a}bb", "aa1bb")]
    [TestCase("{c}/{b}/{a}", "3/x/1")]
    [TestCase("{ a }|{a,3}|{a:d2}|{c,-2:x}|", "1|  1|01|3 |")]
    public void A_template_formats_its_holes_and_escaped_braces(string template, string expected)
    {
        var parsed = KeyTemplate.TryParse(template, s_method, out var error);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(parsed!.Format([1, "x", 3L]), Is.EqualTo(expected));
        });
    }

    [TestCase("a}")]
    [TestCase("a{")]
    [TestCase("}")]
    [TestCase("{")]
    [TestCase("a}b")]
    [TestCase("a}{nope}")]
    [TestCase("{a")]
    [TestCase("{a,wide}")]
    public void A_malformed_template_is_refused_as_malformed(string template)
    {
        Assert.Multiple(() =>
        {
            Assert.That(KeyTemplate.TryParse(template, s_method, out var error), Is.Null);
            Assert.That(error, Does.StartWith($"its key template \"{template}\" is malformed"));
        });
    }

    [TestCase("{:x}", "")]
    [TestCase("{,3}", "")]
    [TestCase("{nope}", "nope")]
    [TestCase("{a}{nope:x}", "nope")]
    public void A_hole_naming_no_parameter_is_refused_naming_it_and_the_parameters(string template, string name)
    {
        Assert.Multiple(() =>
        {
            Assert.That(KeyTemplate.TryParse(template, s_method, out var error), Is.Null);
            Assert.That(error, Is.EqualTo($"its key template \"{template}\" names '{name}', which is not one of the parameters a key can name (a, b, c)"));
        });
    }
}
