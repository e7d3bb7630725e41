namespace Signals.Benchmarks.Throughput;

/// <summary>
/// Everyday words of one language for the generator, its share of the stream, and a few lay adverse-event phrases
/// (those of config/events.json for English and French) for the posts that name a product.
/// </summary>
internal sealed record Vocabulary(string Code, double Share, string[] Words, string[] Events)
{
    public static readonly Vocabulary[] All =
    [
        new("en", 0.60,
            Split("the a to and of in is it you that for on my this with was just so be have are not but at what all like get " +
                  "can if your me do about how when one out up no we they now people time day today really love good new know " +
                  "think going got see want back still never why more much game night week year work home right life great " +
                  "thanks lol omg tonight morning weekend friends family news world vote team season watching feel better " +
                  "happy sad best need let make never always everyone something again last first long little old big free"),
            ["headache", "so tired", "hair loss", "leg cramps", "can't sleep", "heart racing", "feeling sick", "gained weight"]),
        new("fr", 0.18,
            Split("le la les de des du un une et est en que qui dans pour pas sur au avec il elle je tu nous vous ils ce " +
                  "cette mais ou donc plus tout tous bien très fait être avoir aller comme quand même encore toujours jamais " +
                  "aujourd'hui demain hier soir matin semaine année travail maison vie monde gens ami amis famille merci " +
                  "vraiment trop peu déjà après avant été là où ça c'est j'ai l'été qu'il d'accord français équipe match"),
            ["maux de tête", "épuisée", "je perds mes cheveux", "crampes", "insomnie", "palpitations", "nausées", "vertiges"]),
        new("es", 0.08,
            Split("el la los las de que y en un una es por con para no se lo más pero como muy ya también hoy mañana noche " +
                  "día año trabajo casa vida mundo gente amigos familia gracias siempre nunca todo bien mejor nuevo España"),
            ["dolor de cabeza", "cansada", "náuseas"]),
        new("de", 0.05,
            Split("der die das und ist nicht ich du wir sie es ein eine zu mit auf für von den dem heute morgen abend " +
                  "jahr arbeit haus leben welt leute freunde familie danke immer nie alles gut besser neu schön Straße über"),
            ["Kopfschmerzen", "müde", "Übelkeit"]),
        new("pt", 0.05,
            Split("o a os as de que e em um uma é por com para não se mais mas como muito já também hoje amanhã noite dia " +
                  "ano trabalho casa vida mundo gente amigos família obrigado sempre nunca tudo bem melhor novo coração"),
            ["dor de cabeça", "cansado", "náusea"]),
        new("ja", 0.04,
            Split("今日 明日 昨日 仕事 家族 友達 時間 本当に すごい ありがとう 楽しい 疲れた 朝 夜 週末 ニュース 試合 天気 東京 電車"),
            ["頭痛", "吐き気"]),
    ];

    private static string[] Split(string words) => words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
