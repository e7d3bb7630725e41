#!/usr/bin/env python3
"""Builds the product catalogue (config/catalogue.json.gz): every medicine of the open sources, keyed by substance.

Run from the repository root: python3 scripts/build-catalogue.py [--data ../shared/data] [--out config/catalogue.json.gz]
The output depends only on its inputs (sorted, gzip without a time stamp): tests/Signals.Tests/Matching/CatalogueBuilderTests
runs it again and compares.

Sources (named in the output too):
- BDPM, Base de données publique des médicaments (ANSM), 2020 extract, Licence Ouverte (Etalab):
  ../shared/data/bdpm-fr. French specialty names → their active substances.
- Drugs@FDA Products (US FDA, about 2020), public domain: ../shared/data/drug-names-en/drugsatfda-names.tsv.
  US brand and generic names → active ingredients.
- DrugBank Vocabulary (DrugBank 5), CC0 1.0: ../shared/data/drug-names-en/drugbank-vocabulary.csv. Only the synonyms
  (INN spellings in other languages, "Paracétamol" → acetaminophen) of substances the two lists above market; DrugBank's
  experimental compounds are not products.
- Ordinary words (scripts/wordlists/README.md): English SCOWL size 35 (Debian wamerican-small + wbritish-small,
  Kevin Atkinson's permissive licence) and the French Wiktionary frequency lists (top 9,000 words, CC BY-SA 3.0);
  see scripts/wordlists/README.md, which names each list's source and licence.

Rules:
- A product is a substance, or a combination of substances kept as such ("acetaminophen + codeine"), id in English INN
  spelling, lower case. Salt and hydrate words are folded away ("levothyroxine sodium", "lévothyroxine sodique",
  "chlorhydrate de metformine" → levothyroxine, metformin); French INN spellings become English through DrugBank's
  synonyms or the INN rules (metformine → metformin, acide valproïque → valproic acid).
- Names: brands (BDPM specialty names without strength, form and laboratory; FDA product names), the generic names
  in both languages and DrugBank's short synonyms. A brand found with several compositions goes to the composition with
  the most specialties. Names of fewer than four letters are left out (T4, EG).
- contextNames: names made only of ordinary English or French words ("same", "today", "plan b", "balance", "calme"):
  they count only beside a drug context word (see ProductMatcher).
- notTypos: ordinary words (English, French, and the frequent words of Spanish, German, Portuguese and Italian),
  also with their last letter doubled ("vidaa"), one letter away from a name of six letters or more: the matcher's
  one-typo rule must not read them as that name.
"""
import argparse, collections, csv, gzip, io, json, re, unicodedata
from pathlib import Path

MIN_LETTERS = 4
TYPO_MINIMUM_LENGTH = 6  # as ProductMatcher.TypoMinimumLength


def fold(text):
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def tokens(text):
    return re.findall(r"[^\W_]+", fold(text))


# Salt, hydrate and connecting words, English and French (folded): removed from substance names unless nothing would remain.
SALTS = set("""
 sodium potassium calcium magnesium lithium zinc aluminium aluminum hydrochloride hcl hydrobromide sulfate sulphate bisulfate
 maleate mesylate besylate tartrate bitartrate citrate acetate succinate fumarate phosphate dihydrate monohydrate trihydrate
 hemihydrate sesquihydrate hydrate anhydrous hyclate disodium dipotassium tromethamine meglumine bromide chloride nitrate
 propionate dipropionate valerate furoate xinafoate decanoate enanthate cypionate pamoate embonate oxalate lactate gluconate
 erbumine tosylate dimesylate dichlorhydrate dimaleate difumarate napsylate stearate palmitate hydroxide carbonate bicarbonate edisylate mesilate besilate
 chlorhydrate bromhydrate hydrogenosulfate hydrogenotartrate sodique disodique potassique dipotassique calcique magnesique
 trihydrate trihydratee monohydratee dihydratee hemihydratee sesquihydratee hydratee anhydre base chlorure bromure
 enantate tert butylamine arginine de d du des l""".split())
CONNECTORS = {"de", "d", "du", "des", "l", "and", "et", "with", "w"}
# Words of a French specialty name that are its form or release, not its brand.
FORM_SUFFIXES = {"lp", "l", "p", "gé", "ge"}
FORMS = set("""collyre sirop pommade creme gel solution suspension comprime comprimes gelule gelules poudre spray granules
 lotion emulsion capsule patch ovule suppositoire pastille pastilles injectable perfusion""".split())
HOMEOPATHY = re.compile(r"homeopathi|pour preparations|teinture mere|souche")


def strip_salts(name):
    words = tokens(name.replace("(", " ").replace(")", " "))
    kept = [w for w in words if w not in SALTS]
    while kept and kept[0] in CONNECTORS: kept.pop(0)
    while kept and kept[-1] in CONNECTORS: kept.pop()
    return " ".join(kept) if kept else " ".join(w for w in words if w not in CONNECTORS)


class Canon:
    """Substance name (any language, any salt) → the English INN key."""

    def __init__(self, drugbank_rows):
        # A common name is that substance's; a synonym shared by several substances ("Albuterol" in two entries) belongs to none.
        self.by_name = {" ".join(tokens(common)): fold(common) for common, _ in drugbank_rows}
        synonyms, ambiguous = {}, set()
        for common, names in drugbank_rows:
            for s in names:
                f = " ".join(tokens(s))
                if not f or f in self.by_name or "(" in s: continue  # "(-)-Albuterol" is a stereoisomer, not albuterol
                if synonyms.get(f, fold(common)) != fold(common): ambiguous.add(f)
                synonyms.setdefault(f, fold(common))
        self.by_name.update({f: k for f, k in synonyms.items() if f not in ambiguous})

    def key(self, substance):
        raw = " ".join(tokens(substance))
        stripped = strip_salts(substance)
        for candidate in self._candidates(stripped) + self._candidates(raw):
            if candidate in self.by_name: return self.by_name[candidate]
        return stripped

    @staticmethod
    def _candidates(name):
        words = name.split()
        out = [name]
        if 0 < len(words) <= 3:  # metformine → metformin, insuline glargine → insulin glargine
            for mask in range(1, 1 << len(words)):
                out.append(" ".join(w[:-1] if mask >> i & 1 and w.endswith("e") else w for i, w in enumerate(words)))
        m = re.fullmatch(r"acide (\w+)ique", name)
        if m: out.append(f"{m.group(1)}ic acid")                               # acide valproique → valproic acid
        out.append(name.replace(" ", ""))
        return out


def load_drugbank(data):
    rows = []
    with open(data / "drug-names-en" / "drugbank-vocabulary.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            synonyms = [s.strip() for s in row["Synonyms"].split("|") if s.strip()]
            rows.append((row["Common name"].strip(), synonyms))
    return rows


def usable_synonym(s):
    # INN spellings and short names; not systematic chemistry ("3,5,3'-triiodo..."), codes or long descriptions.
    return len(s) <= 30 and not re.search(r"[(),\[\]:;/]|^\d|\d{3}", s) and len(tokens(s)) <= 3


class Products:
    def __init__(self):
        self.names = collections.defaultdict(collections.Counter)   # name → product id → weight
        self.ids = set()
        self.generic = set()                                          # (product, name): a substance name, not a brand

    def add(self, product, name, weight=1, generic=False):
        folded = " ".join(tokens(name))
        if sum(c.isalpha() for c in folded) < MIN_LETTERS or folded[0].isdigit(): return
        if all(w in SALTS or w in CONNECTORS or w in ("acide", "acid") for w in folded.split()): return  # "acide", "sodium chlorhydrate"
        self.ids.add(product)
        self.names[folded][product] += weight
        if generic: self.generic.add((product, folded))


def product_id(keys):
    keys = sorted(set(keys))
    return " + ".join(keys)


def bdpm(data, canon, products):
    compo = collections.defaultdict(dict)  # cis → link → (nature, substance)
    for line in (data / "bdpm-fr" / "CIS_COMPO_bdpm.txt").read_text(encoding="utf-8-sig").splitlines():
        cols = line.split("\t")
        if len(cols) < 8: continue
        cis, substance, dosage, nature, link = cols[0], cols[3], cols[4], cols[6], cols[7]
        if HOMEOPATHY.search(fold(substance)) or re.search(r"\d\s*(ch|dh|k)\b", fold(dosage)): compo[cis]["homeopathy"] = ("H", "")
        # A therapeutic fraction (FT) names the active base of the salt (SA) with the same link number: prefer it.
        if link not in compo[cis] or nature == "FT": compo[cis][link] = (nature, substance)
    specialties = {}
    for line in (data / "bdpm-fr" / "CIS_bdpm.txt").read_text(encoding="utf-8-sig").splitlines():
        cols = line.split("\t")
        if len(cols) > 1: specialties[cols[0]] = cols[1]
    labs = collections.Counter()
    entries = []
    for cis, name in sorted(specialties.items()):
        parts = compo.get(cis)
        if not parts or "homeopathy" in parts: continue
        substances = sorted({s for _, s in parts.values()})
        keys = [canon.key(s) for s in substances]
        pid = product_id(keys)
        head = re.split(r",|\s\d", name, maxsplit=1)[0]
        head_tokens = tokens(head)
        generic_words = {w for s in substances for w in tokens(s)} | {w for k in keys for w in k.split()}
        lead = 0  # how many words of the name are the substances' own words
        while lead < len(head_tokens) and (head_tokens[lead] in generic_words or head_tokens[lead] in CONNECTORS or head_tokens[lead] in SALTS): lead += 1
        entries.append((pid, substances, head_tokens, lead, name))
        if lead and len(head_tokens) == lead + 1:
            labs[head_tokens[-1]] += 1  # "ABACAVIR MYLAN": a generic sold under its laboratory's name
    labs = {lab for lab, n in labs.items() if n >= 3}
    for pid, substances, head_tokens, lead, name in entries:
        if len(substances) == 1: products.add(pid, strip_salts(substances[0]), generic=True)
        if lead:  # the generic as specialty name, with or without its laboratory: "ABACAVIR MYLAN", "PARACETAMOL ARROW CONSEIL"
            products.add(pid, " ".join(head_tokens[:lead]), generic=True)
            continue
        brand = list(head_tokens)
        while brand and (brand[-1] in labs or brand[-1] in FORM_SUFFIXES): brand.pop()
        products.add(pid, " ".join(brand))
        # "DOLIPRANE ADULTES", "ASPIRINE UPSA": patients name the first word.
        first = raw_first_word(name)
        if len(brand) > 1 and first == brand[0] and len(first) >= 5 and first not in labs and first not in FORMS:
            products.add(pid, first)


def raw_first_word(name):
    """The first word as written, hyphens kept: "CHRONO-INDOCID" is one word, whose "chrono" no patient says alone."""
    return fold(name.split()[0]) if name.split() else ""


# Words of the sources' dosage-form fields that say how a form is made or taken, not what it is ("extended release",
# "pour usage oral"): left out of the dosage forms.
# So are the form words that are first of all ordinary words of other things ("test", "system", "ring", "oil", "film") or
# of food and cosmetics ("syrup", "cream", "powder"): beside "copper", "alcohol" or "glucose" they say nothing of a medicine.
FORM_MODIFIERS = set("""for use single unknown release extended delayed modified oral orally rel rx compounding augmented
 pour usage application preparation par liberation prolongee modifiee buvable diluer secable enrobe resistant gastro
 medicamenteux medicamenteuse sans test system systeme ring oil gas gaz film device cloth disc insert colle bain bouche
 plante vrac pate fluide liquid liquide concentrate concentre administration intra sterile spinal matrice trousse vapeur
 generateur precurseur adhesif moussant impregne pellicule dentaire dental
 syrup sirop cream creme solution powder poudre gel jelly gelee mousse paste foam emulsion lotion shampoo shampooing tisane
 vernis""".split())


def dosage_forms(data):
    """The words of the dosage forms the sources give (BDPM form column; Drugs@FDA forms): "gomme", "patch", "lozenge".
    Used in at least three specialties or products, with their plural; plus "replacement", the one form word patients use
    that no register writes ("nicotine replacement")."""
    counts = collections.Counter()
    for line in (data / "bdpm-fr" / "CIS_bdpm.txt").read_text(encoding="utf-8-sig").splitlines():
        cols = line.split("\t")
        if len(cols) > 2: counts.update(set(tokens(cols[2])))
    with open(data / "drug-names-en" / "drugsatfda-names.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"): counts.update(set(tokens(row["forms"])))
    forms = {w for w, n in counts.items() if n >= 3 and len(w) >= 3 and w.isalpha() and w not in CONNECTORS and w not in FORM_MODIFIERS}
    forms |= {w + plural for w in forms if not w.endswith("s") for plural in ("s", "es")} | {"replacement"}
    return forms


def fda(data, canon, products, known_words):
    with open(data / "drug-names-en" / "drugsatfda-names.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            ingredients = [i.strip() for i in row["active_ingredients"].split(";") if i.strip()]
            pid = product_id(canon.key(i) for i in ingredients)
            weight = int(row["products"] or 1)
            if len(ingredients) == 1: products.add(pid, strip_salts(ingredients[0]), weight, generic=True)
            products.add(pid, row["drug_name"], weight, generic=row["name_is_ingredient"] == "1")
            # "NICODERM CQ", "SINEMET CR": patients name the first word, when it is no word of any language; weight 0, so
            # a product known by that word alone keeps it.
            words_ = tokens(row["drug_name"])
            if row["name_is_ingredient"] != "1" and len(words_) > 1 and len(words_[0]) >= TYPO_MINIMUM_LENGTH and words_[0].isalpha() and words_[0] not in known_words:
                products.add(pid, words_[0], 0)


def words(path):
    with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8") as f:
        return {fold(w.strip()) for w in f if w.strip()}


def deletions(word):
    return {word[:i] + word[i + 1:] for i in range(len(word))} | {word}


def build(data, wordlists):
    canon = Canon(load_drugbank(data))
    products = Products()
    bdpm(data, canon, products)
    known_words = words(wordlists / "en-dictionary.txt.gz") | words(wordlists / "fr-dictionary.txt.gz") | words(wordlists / "es-de-pt-it-common.txt.gz")
    fda(data, canon, products, known_words)
    # DrugBank synonyms of the substances that are products (single-substance ones only).
    for common, synonyms in load_drugbank(data):
        key = fold(common)
        if key in products.ids:
            for s in [common, *synonyms]:
                if usable_synonym(s): products.add(key, s, generic=True)
    # Every product is named by its own id.
    for pid in sorted(products.ids):
        if " + " not in pid: products.add(pid, pid, 0, generic=True)

    # A name belongs to one product: the one it is most used for (a substance's own name always to that substance).
    owner = {}
    for name, counts in products.names.items():
        if name in products.ids: owner[name] = name; continue
        owner[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].count("+"), kv[0]))[0][0]

    # Esters and prodrugs people name without the ester ("dabigatran etexilate" → dabigatran, "olmesartan medoxomil" →
    # olmesartan): when DrugBank knows the leading words as a substance of their own that no source markets, they name
    # the marketed ester; where two esters share them (tenofovir), the more used one.
    weight = collections.Counter({pid: sum(c[pid] for c in products.names.values() if pid in c) for pid in products.ids})
    for pid in sorted(products.ids, key=lambda p: (-weight[p], p)):
        words_ = pid.split()
        parent = " ".join(words_[:-1])
        if " + " in pid or len(words_) < 2 or words_[-1] in SALTS or len(parent) < TYPO_MINIMUM_LENGTH: continue
        # A combination holding the ester may have taken the name ("olmesartan" in the many generics of olmesartan
        # medoxomil + hydrochlorothiazide named "OLMESARTAN ..."): the substance alone is what the word names.
        taken = owner.get(parent)
        if parent in canon.by_name and parent not in products.ids and (taken is None or pid in taken.split(" + ")):
            owner[parent] = pid
            products.generic.add((pid, parent))

    # Two-word names one of whose words is a letter or two ("gonal f", "l thyroxine") are also written as one word, unless
    # that word is a word of some language ("vitamina").
    for name, pid in list(owner.items()):
        parts = name.split()
        if (len(parts) == 2 and min(len(w) for w in parts) <= 2 and all(w.isalpha() for w in parts) and len("".join(parts)) >= TYPO_MINIMUM_LENGTH
                and "".join(parts) not in owner and "".join(parts) not in known_words):
            owner["".join(parts)] = pid
            if (pid, name) in products.generic: products.generic.add((pid, "".join(parts)))

    # A combination of many substances (vaccines, infusion solutions) is known by its brand: id = its most used name.
    renamed = {}
    for pid in sorted(products.ids):
        if len(pid) > 60:
            best = sorted(((products.names[n][pid], n) for n, o in owner.items() if o == pid), key=lambda wn: (-wn[0], wn[1]))
            if best: renamed[pid] = f"{best[0][1]} (combination)"

    common = words(wordlists / "en-common.txt.gz") | words(wordlists / "fr-common.txt")
    dictionary = common | words(wordlists / "en-dictionary.txt.gz") | words(wordlists / "fr-dictionary.txt.gz")
    by_product = collections.defaultdict(lambda: ([], []))
    for name, pid in owner.items():
        # A frequent word is a word first, whatever it names ("same", "today", "aspirin"); a brand that is any dictionary
        # word ("quinoa", "magnesie", "chrono") was a word before it was a brand. A substance name that is only a rare
        # dictionary word (paracetamol, morphine in French lists) is the medicine.
        split = name.split()
        frequent = all(w in common or len(w) <= 2 for w in split)
        brand_word = (pid, name) not in products.generic and all(w in dictionary or len(w) <= 2 for w in split)
        by_product[renamed.get(pid, pid)][1 if frequent or brand_word else 0].append(name)

    context_names = {n for _, context in by_product.values() for n in context}
    # A substance that is an ordinary word ("nicotine", "caffeine") names the medicine beside a dosage form: "nicotine
    # patch", "gomme à la nicotine". Brands that are words ("today", "thrive") do not: a brand is not followed by its form.
    form_names = {n for n in context_names if (owner[n], n) in products.generic and len(n) >= 5}
    # Ordinary words one typo (symmetric delete) from a typo-tolerant name.
    variants = collections.defaultdict(set)
    for name, pid in owner.items():
        if " " not in name and len(name) >= TYPO_MINIMUM_LENGTH and name not in context_names:
            for d in deletions(name): variants[d].add(name)
    # Ordinary words of the other languages of a public stream (Spanish, German, Portuguese, Italian) must not read as a
    # typo either ("tambien" is Ambien plus a letter), nor a word with its last letter typed twice ("vidaa", "nuncaa").
    foreign = words(wordlists / "es-de-pt-it-common.txt.gz")
    not_typos = set()
    for w in sorted(dictionary | foreign):
        for form in (w, w + w[-1]):
            if len(form) < TYPO_MINIMUM_LENGTH - 1 or (form in owner and form not in context_names): continue
            if any(d in variants for d in deletions(form)): not_typos.add(form)

    catalogue = {
        "sources": [
            "BDPM, Base de données publique des médicaments (ANSM), 2020 extract — Licence Ouverte (Etalab)",
            "Drugs@FDA Products (US Food and Drug Administration), about 2020 — public domain (US Government work)",
            "DrugBank Vocabulary (DrugBank 5) — CC0 1.0",
            "Ordinary words: SCOWL size 35 (Kevin Atkinson, permissive licence) and French Wiktionary frequency lists (CC BY-SA 3.0), scripts/wordlists",
        ],
        "builtBy": "scripts/build-catalogue.py",
        "products": [
            {"id": pid, "names": sorted(names), **({"contextNames": sorted(context)} if context else {}),
             **({"formNames": sorted(n for n in context if n in form_names)} if any(n in form_names for n in context) else {})}
            for pid, (names, context) in sorted(by_product.items())
        ],
        "notTypos": sorted(not_typos),
        "forms": sorted(dosage_forms(data)),
        "everyday": sorted(everyday_words(wordlists, owner, context_names, not_typos)),
    }
    return catalogue


EVERYDAY_ZIPF = 1.3  # wordfreq's Zipf scale: 1.3 is about 20 occurrences per billion words of real text


def osa_within_one(a, b):
    """True when a and b differ by at most one letter missing, added, changed, or two neighbours swapped."""
    if a == b: return True
    if abs(len(a) - len(b)) > 1: return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]: i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def everyday_words(wordlists, owner, context_names, not_typos):
    """Words of real technical and news text one typo from a typo-tolerant name ("symlink" / Symlin, "tesla" / Teslac,
    "morphing" / morphin, "wandel" / Pandel) that are more used than that name (scripts/wordlists/README.md: wordfreq's
    Wikipedia, news, Reddit, web and subtitle counts in six languages): read as the medicine only beside a drug context word."""
    zipf = {}
    with gzip.open(wordlists / "wordfreq-near-names.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"): continue
            word, z = line.rstrip("\n").split("\t")[:2]
            zipf[word] = float(z)
    typo_names = {n for n in owner if " " not in n and len(n) >= TYPO_MINIMUM_LENGTH and n not in context_names}
    variants = collections.defaultdict(set)
    for n in typo_names:
        for d in deletions(n): variants[d].add(n)
    everyday = set()
    for word, z in zipf.items():
        if z < EVERYDAY_ZIPF or word in owner or word in not_typos or len(word) < TYPO_MINIMUM_LENGTH - 1: continue
        near = {n for d in deletions(word) for n in variants.get(d, ()) if osa_within_one(word, n)}
        # A verb's -ing form is that verb, however used the name is ("morphing" is not morphin).
        if near and (word.endswith("ing") or all(z > zipf.get(n, 0.0) for n in near)): everyday.add(word)
    return everyday


def serialise(catalogue):
    lines = ["{"]
    lines.append(f'"sources": {json.dumps(catalogue["sources"], ensure_ascii=False)},')
    lines.append(f'"builtBy": {json.dumps(catalogue["builtBy"])},')
    lines.append('"products": [')
    lines.append(",\n".join(json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in catalogue["products"]))
    lines.append("],")
    lines.append(f'"notTypos": {json.dumps(catalogue["notTypos"], ensure_ascii=False)},')
    lines.append(f'"forms": {json.dumps(catalogue["forms"], ensure_ascii=False)},')
    lines.append(f'"everyday": {json.dumps(catalogue["everyday"], ensure_ascii=False)}')
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--wordlists", default="scripts/wordlists")
    parser.add_argument("--out", default="config/catalogue.json.gz")
    args = parser.parse_args()
    data = Path(args.data)
    for folder in ("bdpm-fr", "drug-names-en"):
        if not (data / folder).is_dir(): raise SystemExit(f"build-catalogue: no folder {data / folder} (the shared data)")
    catalogue = build(data, Path(args.wordlists))
    body = serialise(catalogue)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as z: z.write(body)
    Path(args.out).write_bytes(buffer.getvalue())
    names = sum(len(p["names"]) + len(p.get("contextNames", [])) for p in catalogue["products"])
    context = sum(len(p.get("contextNames", [])) for p in catalogue["products"])
    print(f"build-catalogue: {len(catalogue['products'])} products, {names} names ({context} context names), "
          f"{len(catalogue['notTypos'])} not-typos → {args.out} ({len(buffer.getvalue()) / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
