namespace SharedCall.IntegrationTests;

/// <summary>A row of the seeded <c>products</c> table (ids 1 to 1,000).</summary>
public sealed record Product(int Id, string Name, decimal Price, int Stock);
