namespace Signals.Feeds;

/// <summary>
/// The most frequent function words of each Latin-script language the guesser knows (pronouns,
/// articles, prepositions, auxiliaries, negation), lower case with their accents. Words common
/// to several languages ("a", "de", "in", "no") count for each of them.
/// </summary>
internal static class FunctionWords
{
    public static readonly string[] Languages = ["en", "fr", "de", "es", "it", "pt", "nl"];

    private static readonly string[][] Lists =
    [
        // en
        ["the", "and", "is", "are", "was", "were", "i", "my", "me", "you", "it", "this", "that", "to", "of", "in", "on", "with", "for", "have", "has", "had",
         "not", "no", "but", "been", "be", "do", "does", "did", "from", "at", "after", "since", "just", "so", "what", "they", "we", "she", "he", "her", "his", "a", "an", "or", "too", "very", "about"],
        // fr
        ["le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "je", "tu", "il", "elle", "nous", "vous", "ils", "mon", "ma", "mes", "ne", "pas", "que", "qui", "pour", "avec",
         "sur", "dans", "au", "aux", "ce", "cette", "depuis", "plus", "mais", "ou", "suis", "ai", "a", "sont", "ont", "été", "avoir", "être", "très", "aussi", "me", "se", "en", "y", "on", "moi", "leur"],
        // de
        ["der", "die", "das", "und", "ist", "ich", "nicht", "mit", "sich", "auf", "für", "ein", "eine", "einen", "dem", "den", "des", "zu", "von", "seit", "habe", "hat", "haben", "bin",
         "sind", "war", "auch", "aber", "noch", "nach", "wie", "mir", "mein", "meine", "kein", "keine", "es", "im", "in", "bei", "oder", "so", "wenn", "dass"],
        // es
        ["el", "la", "los", "las", "de", "del", "y", "es", "en", "que", "un", "una", "por", "para", "con", "no", "me", "mi", "mis", "se", "lo", "al", "pero", "muy", "tengo", "desde",
         "estoy", "está", "son", "yo", "su", "sus", "como", "más", "ha", "he", "también", "sin", "cuando", "porque"],
        // it
        ["il", "lo", "la", "gli", "le", "di", "del", "della", "che", "e", "è", "un", "una", "per", "con", "non", "mi", "ho", "ha", "sono", "da", "dal", "nel", "nella", "ma", "anche",
         "molto", "io", "questo", "questa", "come", "più", "dopo", "sempre", "perché", "ancora", "al", "alla", "si"],
        // pt
        ["o", "a", "os", "as", "de", "do", "da", "dos", "das", "e", "é", "que", "um", "uma", "para", "com", "não", "eu", "meu", "minha", "se", "no", "na", "em", "por", "mas", "muito",
         "tenho", "estou", "foi", "são", "ao", "mais", "também", "depois", "desde", "quando", "isso", "está"],
        // nl
        ["de", "het", "een", "en", "is", "ik", "niet", "van", "dat", "die", "in", "op", "met", "voor", "zijn", "heb", "heeft", "was", "maar", "ook", "mijn", "me", "je", "na", "sinds",
         "bij", "er", "nog", "al", "wel", "geen", "dan", "als", "om", "aan", "te", "wat", "zo"],
    ];

    /// <summary>Word → the indexes (into <see cref="Languages"/>) of the languages it belongs to.</summary>
    public static readonly Dictionary<string, int[]> Index = Lists
        .SelectMany((words, language) => words.Select(word => (word, language)))
        .GroupBy(p => p.word)
        .ToDictionary(g => g.Key, g => g.Select(p => p.language).Distinct().ToArray());
}
