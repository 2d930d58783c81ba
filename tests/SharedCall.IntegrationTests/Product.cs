namespace SharedCall.IntegrationTests;

/// <summary>A row of the <c>products</c> table the tests fill (ids 1 to 1,000).</summary>
public sealed record Product(int Id, string Name, decimal Price, int Stock);
