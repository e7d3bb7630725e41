namespace Signals.Matching;

/// <summary>Finds the watched products a text names, by any of their names, on whole words after folding.</summary>
public sealed class ProductMatcher
{
    private readonly PhraseMatcher<string> _names = new();

    public ProductMatcher(ProductCatalog catalog)
    {
        foreach (var product in catalog.Products)
            foreach (var name in product.Names)
                _names.Add(name, product.Id);
    }

    public IReadOnlyList<string> Match(string text) => Match(TextNormalizer.Tokens(text));

    public IReadOnlyList<string> Match(IReadOnlyList<string> tokens)
    {
        List<string>? found = null;
        foreach (var (id, _, _) in _names.FindAll(tokens))
        {
            found ??= [];
            if (!found.Contains(id)) found.Add(id);
        }
        return found ?? (IReadOnlyList<string>)[];
    }
}
