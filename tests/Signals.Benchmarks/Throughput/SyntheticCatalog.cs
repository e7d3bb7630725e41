using Signals.Matching;

namespace Signals.Benchmarks.Throughput;

/// <summary>
/// Watch lists of a given number of names for the matching benchmark: the ten <see cref="CoreNames"/> (real products,
/// the ones the generator mentions) plus seeded drug-like names built the way INNs are — a free stem and a class stem
/// ("zolantinib", "vemaprazole") — with brand-like variants ("Zolantor") and some salts ("… hydrochloride"), so the
/// phrase trie and the one-typo index hold what a real 10,000-name list would.
/// </summary>
internal static class SyntheticCatalog
{
    /// <summary>Generic and brand names of six products of config/products.json.</summary>
    public static readonly string[] CoreNames =
        ["levothyroxine", "Levothyrox", "metformin", "Glucophage", "atorvastatin", "Lipitor", "sertraline", "Zoloft", "Humira", "Ozempic"];

    private static readonly (string Id, string[] Names)[] Core =
    [
        ("levothyroxine", ["levothyroxine", "Levothyrox"]), ("metformin", ["metformin", "Glucophage"]),
        ("atorvastatin", ["atorvastatin", "Lipitor"]), ("sertraline", ["sertraline", "Zoloft"]),
        ("adalimumab", ["Humira"]), ("semaglutide", ["Ozempic"]),
    ];

    private static readonly string[] Heads = "ab ac al am ar az be bi bo ca ce ci co da de di do du el en er es fa fe fi flu ga ge gli hy il im in ir ka ke la le li lo lu ma me mi mo na ne ni no ol om pa pe pi pra pro qui ra re ri ro sa se si so su ta te ti to tra tri va ve vi vo xa ze zi zo".Split(' ');
    private static readonly string[] Middles = "ba ce da fe ga li lo ma me mo na ni no pa ra re ri ro sa ta te ti to va vi xi zo lan ten ven tor dal cil".Split(' ');
    private static readonly string[] Stems = "mab zumab ximab tinib ciclib pril sartan olol dipine statin azole vir navir floxacin cycline mycin cillin prazole tidine setron triptan gliptin gliflozin afil parin dronate lukast zepam zolam oxetine apine idone barb caine lamide tide glutide sone olone terol tropium profen coxib semide thiazide".Split(' ');
    private static readonly string[] BrandEnds = "ex ix or on a io yl ax ra in ol".Split(' ');
    private static readonly string[] Salts = "hydrochloride sodium calcium maleate succinate mesylate phosphate".Split(' ');

    /// <summary>A catalog of exactly <paramref name="names"/> names (at least the ten core ones).</summary>
    public static ProductCatalog Create(int names, int seed = PostGenerator.DefaultSeed)
    {
        var random = new Random(seed);
        var products = Core.Select(c => new Product(c.Id, c.Names)).ToList();
        var taken = new HashSet<string>(CoreNames, StringComparer.OrdinalIgnoreCase);
        var count = CoreNames.Length;
        while (count < names)
        {
            var generic = Generic(random);
            if (!taken.Add(generic)) continue;
            var productNames = new List<string> { generic };
            for (var b = random.Next(0, 3); b > 0 && count + productNames.Count < names; b--)
            {
                var brand = char.ToUpperInvariant(generic[0]) + generic[1..Math.Min(generic.Length, 4)] + Middles[random.Next(Middles.Length)] + BrandEnds[random.Next(BrandEnds.Length)];
                if (taken.Add(brand)) productNames.Add(brand);
            }
            var salted = generic + " " + Salts[random.Next(Salts.Length)];
            if (count + productNames.Count < names && random.NextDouble() < 0.1 && taken.Add(salted)) productNames.Add(salted);
            products.Add(new Product(generic, productNames));
            count += productNames.Count;
        }
        return new ProductCatalog(products);
    }

    private static string Generic(Random random)
    {
        var name = Heads[random.Next(Heads.Length)];
        for (var m = random.Next(1, 3); m > 0; m--) name += Middles[random.Next(Middles.Length)];
        return name + Stems[random.Next(Stems.Length)];
    }
}
