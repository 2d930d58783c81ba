namespace SharedCall.Interception.Tests;

/// <summary>A Moq-backed <see cref="IKeys"/> whose calls wait on one gate and are counted per argument list.</summary>
public sealed class GatedKeys
{
    private readonly TaskCompletionSource<int> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedKeys(Coalescer coalescer)
    {
        Mock.Setup(k => k.SumAsync(It.IsAny<int[]>())).Returns(_gate.Task);
        Mock.Setup(k => k.NamesAsync(It.IsAny<string?[]>())).Returns(_gate.Task);
        Mock.Setup(k => k.NestedAsync(It.IsAny<object?[]>())).Returns(_gate.Task);
        Mock.Setup(k => k.TwoAsync(It.IsAny<string?>(), It.IsAny<long>())).Returns(_gate.Task);
        Mock.Setup(k => k.GenericAsync<int>(It.IsAny<int>())).Returns(_gate.Task);
        Mock.Setup(k => k.GenericAsync<long>(It.IsAny<int>())).Returns(async () => (long)await _gate.Task);
        Mock.Setup(k => k.OverloadAsync(It.IsAny<int>())).Returns(_gate.Task);
        Mock.Setup(k => k.OverloadAsync(It.IsAny<long>())).Returns(_gate.Task);
        Mock.Setup(k => k.PriceAsync(It.IsAny<decimal>())).Returns(_gate.Task);
        Mock.Setup(k => k.DayAsync(It.IsAny<DateTime>(), It.IsAny<int>())).Returns(_gate.Task);
        Proxy = CoalescingProxy.Create(Mock.Object, coalescer);
    }

    public Mock<IKeys> Mock { get; } = new();

    public IKeys Proxy { get; }

    /// <summary>Gets how many times the target ran, whatever the method.</summary>
    public int TargetCalls => Mock.Invocations.Count;

    public void Release(int result = 1) => _gate.TrySetResult(result);
}
