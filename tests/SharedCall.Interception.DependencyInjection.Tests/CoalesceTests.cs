using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Tests;

public class CoalesceTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    [Test]
    public async Task A_thousand_concurrent_scopes_calling_one_coalesced_method_run_the_target_once()
    {
        var backend = new Backend();
        var services = new ServiceCollection()
            .AddSingleton(backend)
            .AddCoalescing()
            .AddScoped<IUserRepository, UserRepository>()
            .Coalesce<IUserRepository>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var scopes = Enumerable.Range(0, 1_000).Select(_ => provider.CreateAsyncScope()).ToArray();
        var calls = scopes.Select(scope => scope.ServiceProvider.GetRequiredService<IUserRepository>().GetUserAsync(42)).ToArray();
        backend.Gate.SetResult(true);
        var results = await Task.WhenAll(calls).WaitAsync(Bounded);
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }

        Assert.That(backend.Executions, Is.EqualTo(1));
        Assert.That(results, Has.All.EqualTo("user 42"));
        Assert.That(provider.GetRequiredService<Coalescer>().GetStats(), Is.EqualTo(new CoalescingStats(999, 1, 0, 0)));
    }

    [Test]
    public async Task Unmarked_methods_are_not_coalesced()
    {
        var backend = new Backend();
        await using var provider = new ServiceCollection()
            .AddSingleton(backend)
            .AddCoalescing()
            .AddSingleton<IUserRepository, UserRepository>()
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();
        var repository = provider.GetRequiredService<IUserRepository>();

        var calls = new[] { repository.GetUserUncoalescedAsync(1), repository.GetUserUncoalescedAsync(1) };
        backend.Gate.SetResult(true);
        await Task.WhenAll(calls).WaitAsync(Bounded);

        Assert.That(backend.Executions, Is.EqualTo(2));
    }

    [Test]
    public async Task Each_registration_keeps_its_lifetime()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton(new Backend())
            .AddCoalescing()
            .AddKeyedSingleton<IUserRepository, UserRepository>("singleton")
            .AddKeyedScoped<IUserRepository, UserRepository>("scoped")
            .AddKeyedTransient<IUserRepository, UserRepository>("transient")
            .Coalesce<IUserRepository>()
            .BuildServiceProvider(validateScopes: true);

        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();
        IUserRepository Get(AsyncServiceScope scope, string key) => scope.ServiceProvider.GetRequiredKeyedService<IUserRepository>(key);

        Assert.That(Get(first, "singleton"), Is.SameAs(Get(second, "singleton")));
        var scoped = Get(first, "scoped");
        Assert.That(Get(first, "scoped"), Is.SameAs(scoped));
        Assert.That(Get(first, "scoped"), Is.Not.SameAs(Get(second, "scoped")));
        var transient = Get(first, "transient");
        Assert.That(Get(first, "transient"), Is.Not.SameAs(transient));
        Assert.That(Get(first, "scoped"), Is.Not.InstanceOf<UserRepository>(), "a proxy, not the original");
    }

    [Test]
    public async Task Factory_instance_and_keyed_registrations_are_all_wrapped()
    {
        var backend = new Backend();
        var instance = new UserRepository(backend);
        object? keySeenByFactory = null;
        await using var provider = new ServiceCollection()
            .AddSingleton(backend)
            .AddCoalescing()
            .AddScoped<IUserRepository>(sp => new UserRepository(sp.GetRequiredService<Backend>()))
            .AddSingleton<IUserRepository>(instance)
            .AddKeyedScoped<IUserRepository>("tenant-a", (sp, key) =>
            {
                keySeenByFactory = key;
                return new UserRepository(sp.GetRequiredService<Backend>());
            })
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        var all = scope.ServiceProvider.GetServices<IUserRepository>().ToArray();
        var keyed = scope.ServiceProvider.GetRequiredKeyedService<IUserRepository>("tenant-a");
        var calls = all.Append(keyed).Select(r => r.GetUserAsync(7)).ToArray();
        backend.Gate.SetResult(true);
        await Task.WhenAll(calls).WaitAsync(Bounded);

        Assert.That(all, Has.Length.EqualTo(2));
        Assert.That(all.Append(keyed), Has.None.InstanceOf<UserRepository>());
        Assert.That(keySeenByFactory, Is.EqualTo("tenant-a"), "the original factory sees its own key");
        Assert.That(backend.Executions, Is.EqualTo(1), "every proxy shares the one coalescer");
    }

    [Test]
    public async Task The_container_still_disposes_the_original_service()
    {
        var services = new ServiceCollection()
            .AddSingleton(new Backend())
            .AddCoalescing()
            .AddScoped<UserRepository>()
            .AddScoped<IUserRepository>(sp => sp.GetRequiredService<UserRepository>())
            .Coalesce<IUserRepository>();
        await using var provider = services.BuildServiceProvider();

        UserRepository? original;
        await using (var scope = provider.CreateAsyncScope())
        {
            _ = scope.ServiceProvider.GetRequiredService<IUserRepository>();
            original = scope.ServiceProvider.GetRequiredService<UserRepository>();
        }

        Assert.That(original!.Disposed, Is.True);
    }

    [Test]
    public async Task A_scoped_original_is_made_once_per_scope_and_disposed_with_its_scope_only()
    {
        var originals = new List<UserRepository>();
        await using var provider = new ServiceCollection()
            .AddScoped<Backend>()
            .AddCoalescing()
            .AddScoped<IUserRepository>(sp =>
            {
                var original = new UserRepository(sp.GetRequiredService<Backend>());
                originals.Add(original);
                return original;
            })
            .Coalesce<IUserRepository>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var first = provider.CreateAsyncScope();
        var second = provider.CreateAsyncScope();
        var firstProxy = first.ServiceProvider.GetRequiredService<IUserRepository>();
        Assert.That(first.ServiceProvider.GetRequiredService<IUserRepository>(), Is.SameAs(firstProxy));
        _ = second.ServiceProvider.GetRequiredService<IUserRepository>();
        await first.DisposeAsync();

        Assert.That(originals, Has.Count.EqualTo(2), "one original per scope, however often the scope resolves the service");
        Assert.That(originals.Select(original => original.Disposed), Is.EqualTo(new[] { true, false }), "only the ended scope's original is disposed");
        Assert.That(() => provider.GetRequiredService<IUserRepository>(), Throws.InvalidOperationException, "still scoped: not resolvable from the root");
        await second.DisposeAsync();
        Assert.That(originals[1].Disposed, Is.True);
    }

    [Test]
    public async Task A_type_registration_is_still_created_and_disposed_by_the_container()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton(new Backend())
            .AddCoalescing()
            .AddScoped<IUserRepository, UserRepository>()
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();

        var scope = provider.CreateAsyncScope();
        var proxy = scope.ServiceProvider.GetRequiredService<IUserRepository>();
        var target = (UserRepository?)((Castle.DynamicProxy.IProxyTargetAccessor)proxy).DynProxyGetTarget();
        await scope.DisposeAsync();

        Assert.That(target!.Disposed, Is.True);
    }

    [Test]
    public void Coalesce_rejects_a_service_that_is_not_an_interface()
    {
        var services = new ServiceCollection().AddCoalescing().AddSingleton<Backend>();
        Assert.That(() => services.Coalesce<Backend>(), Throws.InvalidOperationException.With.Message.Contains("Backend").And.Message.Contains("interface"));
    }

    [Test]
    public void Coalesce_rejects_an_interface_without_coalesced_methods()
    {
        var services = new ServiceCollection().AddCoalescing().AddSingleton<INotCoalesced, NotCoalesced>();
        Assert.That(() => services.Coalesce<INotCoalesced>(), Throws.InvalidOperationException.With.Message.Contains("INotCoalesced").And.Message.Contains("[Coalesced]"));
    }

    [Test]
    public void Coalesce_rejects_a_coalesced_method_that_cannot_be_coalesced_before_anything_is_resolved()
    {
        var services = new ServiceCollection().AddCoalescing().AddSingleton<IHasRefParameter, HasRefParameter>();
        Assert.That(
            () => services.Coalesce<IHasRefParameter>(),
            Throws.InvalidOperationException.With.Message.Contains("IHasRefParameter").And.Message.Contains("Lookup").And.Message.Contains("by reference"));
    }

    [Test]
    public void Coalesce_rejects_a_service_with_no_registration()
    {
        var services = new ServiceCollection().AddCoalescing();
        Assert.That(() => services.Coalesce<IUserRepository>(), Throws.InvalidOperationException.With.Message.Contains("IUserRepository").And.Message.Contains("no registration"));
    }

    [Test]
    public void A_missing_AddCoalescing_fails_at_the_first_resolve_naming_the_fix()
    {
        using var provider = new ServiceCollection()
            .AddSingleton(new Backend())
            .AddSingleton<IUserRepository, UserRepository>()
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<IUserRepository>(), Throws.InvalidOperationException.With.Message.Contains("AddCoalescing()"));
    }

    [Test]
    public void An_untyped_factory_returning_the_wrong_type_fails_at_resolve_naming_both_types()
    {
        using var provider = new ServiceCollection()
            .AddCoalescing()
            .AddScoped(typeof(IUserRepository), _ => new Backend())
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();
        using var scope = provider.CreateScope();

        Assert.That(
            () => scope.ServiceProvider.GetRequiredService<IUserRepository>(),
            Throws.InvalidOperationException.With.Message.Contains("IUserRepository").And.Message.Contains(typeof(Backend).FullName));
    }

    [Test]
    public void Calling_Coalesce_twice_does_not_wrap_twice()
    {
        using var provider = new ServiceCollection()
            .AddSingleton(new Backend())
            .AddCoalescing()
            .AddSingleton<IUserRepository, UserRepository>()
            .Coalesce<IUserRepository>()
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();

        var proxy = provider.GetRequiredService<IUserRepository>();
        var target = ((Castle.DynamicProxy.IProxyTargetAccessor)proxy).DynProxyGetTarget();
        Assert.That(target, Is.InstanceOf<UserRepository>());
    }
}
