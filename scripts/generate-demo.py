#!/usr/bin/env python3
"""Generates samples/demo-levothyrox-2017.jsonl: a SYNTHETIC replay of public posts.

Six months (2017-04-01 to 2017-09-30) of English and French posts about the watched
products: flat, weekday-shaped background chatter (refills, questions, praise, a few
adverse-event reports, product complaints, negated side effects, posts about nothing
medical) and, from 2017-07-15, a Levothyrox-like surge of first-hand adverse-event reports
(fatigue, cramps, headaches, hair loss, palpitations, insomnia, vertigo), mostly in French,
each by a distinct author. No real person or post is in it; every post says "synthetic-demo".

Deterministic: the same seed gives the same file byte for byte.
    python3 scripts/generate-demo.py [--out samples/demo-levothyrox-2017.jsonl] [--seed 2017]
"""
import argparse
import datetime as dt
import json
import math
import random

START, END = dt.date(2017, 4, 1), dt.date(2017, 9, 30)
ONSET = dt.date(2017, 7, 15)
WEEKDAY = [1.15, 1.1, 1.05, 1.0, 0.95, 0.75, 0.7]  # Monday..Sunday: fewer posts at weekends

PRODUCTS = {
    "levothyroxine": (["Levothyrox", "levothyroxine", "Synthroid", "L-Thyroxin", "Euthyrox"], ["Levothyrox", "lévothyroxine", "Levothyrox", "L-Thyroxin"]),
    "metformin": (["metformin", "Glucophage"], ["metformine", "Glucophage", "Stagid"]),
    "atorvastatin": (["atorvastatin", "Lipitor"], ["Tahor", "atorvastatine"]),
    "sertraline": (["sertraline", "Zoloft"], ["sertraline", "Zoloft"]),
    "adalimumab": (["Humira", "adalimumab"], ["Humira", "Imraldi", "adalimumab"]),
    "interferon beta-1a": (["Rebif", "Avonex"], ["Rebif", "Avonex"]),
    "somatropin": (["Saizen", "Genotropin"], ["Saizen", "Norditropine"]),
    "isotretinoin": (["Accutane", "isotretinoin"], ["Roaccutane", "Curacné", "isotrétinoïne"]),
    "semaglutide": (["Ozempic", "semaglutide"], ["Ozempic"]),
    "finasteride": (["Propecia", "finasteride"], ["Propecia", "finastéride"]),
}

NEUTRAL = {
    "en": ["Picked up my {d} refill today, pharmacy was quick for once.",
           "Does anyone take {d} in the morning or at night? What works for you?",
           "{d} has worked well for me so far, my doctor is happy with my numbers.",
           "Three years on {d} now. Blood test next week.",
           "Reminder to self: order more {d} before the holidays.",
           "My GP switched me to {d}, any tips for the first weeks?",
           "Insurance finally approved {d}. Small victories."],
    "fr": ["Renouvellement de {d} à la pharmacie ce matin.",
           "Vous prenez votre {d} le matin à jeun ou le soir ?",
           "Le {d} me réussit bien pour l'instant, bilan sanguin correct.",
           "Mon médecin m'a prescrit du {d}, des conseils pour commencer ?",
           "Penser à racheter du {d} avant les vacances.",
           "Ça fait deux ans que je suis sous {d}, rien à signaler."],
}
NEGATED = {
    "en": ["No side effects on {d} so far, fingers crossed.", "Been on {d} a month, no headaches, no nausea, all good."],
    "fr": ["Pas d'effets secondaires avec le {d} pour l'instant.", "Sous {d} depuis un mois, aucun effet indésirable, tout va bien."],
}
COMPLAINT = {
    "en": ["My {d} pen jammed again this morning, had to use a new one.", "The {d} tablets crumble in the blister, is that normal?",
           "Left my {d} out of the fridge overnight, is it still ok?"],
    "fr": ["Mes comprimés de {d} s'effritent dans la plaquette, c'est normal ?", "Le stylo de {d} est bloqué, impossible d'injecter.",
           "J'ai oublié mon {d} hors du frigo cette nuit, il est encore bon ?"],
}
EVENTS = {
    "en": ["I'm exhausted all the time", "terrible headaches", "my hair is falling out", "awful leg cramps", "heart palpitations at night",
           "I can't sleep", "dizzy spells", "constant nausea", "muscle pain everywhere", "I gained weight", "anxiety attacks"],
    "fr": ["je suis épuisée", "des maux de tête terribles", "je perds mes cheveux", "des crampes partout", "des palpitations la nuit",
           "insomnie totale", "des vertiges", "des nausées", "des douleurs musculaires", "j'ai pris du poids", "des crises d'angoisse"],
}
BACKGROUND_AE = {
    "en": ["Started {d} three weeks ago and since then {e}.", "Anyone else on {d} getting {e}? Started last month.",
           "Since my dose of {d} went up, {e} and {e2}."],
    "fr": ["Depuis que j'ai commencé le {d}, {e}.", "Sous {d} depuis trois semaines et {e}, c'est normal ?",
           "Depuis l'augmentation de dose de {d} : {e} et {e2}."],
}
SURGE = {
    "fr": ["Depuis le nouveau {d} {e}, {e2} et {e3}. Je ne suis pas la seule ?",
           "Nouvelle formule du {d} : {e}, {e2}... je n'en peux plus.",
           "Depuis le changement de formule du {d}, {e} et {e2}. Mon médecin ne me croit pas.",
           "{d} nouvelle formule = {e} + {e2}. Ras le bol.",
           "Ça fait trois semaines que je prends le nouveau {d} et {e}, {e2}.",
           "Moi aussi avec le nouveau {d} : {e}, {e2}, {e3}. On fait quoi ?"],
    "en": ["Since the new {d} formula {e}, {e2} and {e3}. Anyone else in France?",
           "My mum switched to the new {d} and since then {e} and {e2}.",
           "New {d} formulation: {e}, {e2}. Feels like my thyroid stopped being treated."],
}
CHATTER = {
    "en": ["Beautiful day at the beach.", "Anyone watching the match tonight?", "Coffee first, then everything else.",
           "Traffic was a nightmare this morning."],
    "fr": ["Quelle chaleur aujourd'hui !", "Le match d'hier soir était incroyable.", "Un café et ça repart.",
           "Encore des bouchons sur le périph ce matin."],
}


def poisson(rng, lam):
    """Knuth's method: fine for the small means used here."""
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def surge_mean(day):
    """Distinct authors a day reporting on levothyroxine after the onset: a steep two-week rise, a plateau, a slow fall."""
    k = (day - ONSET).days
    if k < 0:
        return 0.0
    if k < 14:
        return 3 + 3.0 * k
    if k < 45:
        return 45.0
    return max(8.0, 45.0 - 1.2 * (k - 45))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="samples/demo-levothyrox-2017.jsonl")
    ap.add_argument("--seed", type=int, default=2017)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    posts, counter = [], 0
    handles = [f"user{n:04d}" for n in range(600)]

    def post(day, lang, text, author):
        nonlocal counter
        counter += 1
        t = dt.datetime.combine(day, dt.time(rng.randrange(6, 24), rng.randrange(60), rng.randrange(60)))
        pid = f"demo-{counter:06d}"
        posts.append({"id": pid, "source": "synthetic-demo", "url": f"https://example.org/demo/{pid}", "author": author,
                      "createdAt": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "lang": lang, "text": text})

    def lang_for(product):
        return "fr" if rng.random() < (0.65 if product == "levothyroxine" else 0.4) else "en"

    def drug(product, lang):
        return rng.choice(PRODUCTS[product][0 if lang == "en" else 1])

    def events(lang, n):
        return rng.sample(EVENTS[lang], n)

    surge_author = 0
    day = START
    while day <= END:
        w = WEEKDAY[day.weekday()]
        for product in PRODUCTS:
            for _ in range(poisson(rng, 3.0 * w)):
                lang = lang_for(product)
                post(day, lang, rng.choice(NEUTRAL[lang]).format(d=drug(product, lang)), rng.choice(handles))
            for _ in range(poisson(rng, 0.12 * w)):  # the usual low level of adverse-event reports
                lang = lang_for(product)
                e = events(lang, 2)
                post(day, lang, rng.choice(BACKGROUND_AE[lang]).format(d=drug(product, lang), e=e[0], e2=e[1]), rng.choice(handles))
            if rng.random() < 0.15 * w:
                lang = lang_for(product)
                post(day, lang, rng.choice(NEGATED[lang]).format(d=drug(product, lang)), rng.choice(handles))
            if rng.random() < 0.06 * w:
                lang = lang_for(product)
                post(day, lang, rng.choice(COMPLAINT[lang]).format(d=drug(product, lang)), rng.choice(handles))
        for _ in range(poisson(rng, 2.0 * w)):
            lang = "fr" if rng.random() < 0.5 else "en"
            post(day, lang, rng.choice(CHATTER[lang]), rng.choice(handles))
        for _ in range(poisson(rng, surge_mean(day) * w)):
            lang = "fr" if rng.random() < 0.85 else "en"
            d = "Levothyrox" if rng.random() < 0.8 else rng.choice(["Levothyrox", "lévothyroxine", "levothyrox", "#Levothyrox"])
            e = events(lang, 3)
            surge_author += 1  # every surge report is a different patient
            post(day, lang, rng.choice(SURGE[lang]).format(d=d, e=e[0], e2=e[1], e3=e[2]), f"patient{surge_author:05d}")
        day += dt.timedelta(days=1)

    posts.sort(key=lambda p: (p["createdAt"], p["id"]))
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for p in posts:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    surge = sum(1 for p in posts if p["author"].startswith("patient"))
    print(f"{len(posts)} posts written to {args.out} ({surge} surge reports from {surge_author} distinct authors)")


if __name__ == "__main__":
    main()
