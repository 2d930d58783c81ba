namespace SharedCall.Interception.Analyzers;

/// <summary>Leading words that make a method name read as a write (SC1006).</summary>
internal static class WriteVerbs
{
    private static readonly HashSet<string> s_verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "Create", "Add", "Insert", "Update", "Upsert", "Delete", "Remove", "Save", "Send", "Post", "Put", "Patch",
        "Charge", "Pay", "Publish", "Enqueue", "Dequeue", "Set", "Write", "Append", "Push", "Pop", "Clear", "Purge",
        "Submit", "Increment", "Decrement", "Modify", "Replace", "Store", "Register", "Unregister", "Transfer", "Refund",
    };

    /// <summary>Gets the leading word of <paramref name="name"/> when it is a write verb.</summary>
    /// <remarks>The word ends at the next capital, digit or underscore: <c>SetAsync</c> leads with Set, <c>SettingsAsync</c> with Settings.</remarks>
    public static string? LeadingWrite(string name)
    {
        var end = 1;
        while (end < name.Length && char.IsLower(name[end]))
        {
            end++;
        }

        var word = name.Substring(0, Math.Min(end, name.Length));
        return s_verbs.Contains(word) ? word : null;
    }
}
