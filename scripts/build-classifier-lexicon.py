#!/usr/bin/env python3
"""Builds the word lists the adverse-event model reads (src/Signals/Classification/Lexicon/*.txt).

They are compiled into the library, so a model and the lists it was trained with ship together.
Run from the repository root after changing a source: python3 scripts/build-classifier-lexicon.py

- drugs.txt: active substances of the French medicines database (BDPM, ANSM 2020 extract, Licence
  Ouverte), folded and stemmed (a final "e" dropped: metformine/metformin, amiodarone/amiodaron), and the
  watch list's names (config/products.json).
- events.txt: adverse-event phrases: config/events.json (English and French) plus the ADR mentions that
  annotators marked in PsyTAR reviews, seen at least twice, from TRAINING reviews only: a review whose
  drug_id the held-out split keeps (the same hash as LabelledSentence.IsHeldOut) contributes nothing,
  so the held-out score is not helped by its own annotations. CADEC is not used: it is kept for measuring.
"""
import collections, hashlib, json, re, unicodedata
from pathlib import Path

DATA = Path("../shared/data")
OUT = Path("src/Signals/Classification/Lexicon")

def fold(text):
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")

def tokens(text):
    return re.findall(r"[a-z0-9]+", fold(text))

def held_out(corpus, group):
    return hashlib.sha256(f"{corpus}/{group}".encode()).digest()[0] % 5 == 0

SALTS = set("""de d du des la le l et en sous forme base anhydre hydrate monohydrate dihydrate trihydrate hemihydrate sesquihydrate
 chlorhydrate bromhydrate sodique disodique potassique calcique magnesique acide sel sulfate phosphate acetate maleate tartrate
 citrate fumarate succinate besilate mesilate mesylate chlorure sodium potassium calcium magnesium lactate gluconate nitrate
 oxyde dipropionate propionate valerate butyrate hyclate pamoate embonate hydrobromure bromure iodure hydroxyde carbonate
 bicarbonate exprime equivalant equivalent quantite correspondant solution concentre micronise""".split())
SKIP = re.compile(r"extrait|teinture|huile|poudre|homeopathi|souche|racine|feuille|fleur|essence|vaccin|virus|antigene|allergene")

drugs = set()
for line in (DATA / "bdpm-fr" / "CIS_COMPO_bdpm.txt").read_text(encoding="utf-8").splitlines():
    cols = line.split("\t")
    if len(cols) < 4 or SKIP.search(fold(cols[3])): continue
    words = [w for w in tokens(cols[3]) if w not in SALTS]
    if 0 < len(words) <= 3:
        for w in words:
            stem = w[:-1] if w.endswith("e") else w
            if len(stem) >= 6 and w.isalpha(): drugs.add(stem)  # shorter ones are mostly plant and chemistry words (chen, grain, soufre)
# The watch list's one-word brands and generics (config/products.json) are drugs too ("growth hormone" is not a word list).
products = "\n".join(l for l in Path("config/products.json").read_text(encoding="utf-8").splitlines() if not l.strip().startswith("//"))
for entry in json.loads(products)["products"]:
    for name in [entry["id"], *entry.get("names", []), *entry.get("misspellings", [])]:
        if len(ws := tokens(name)) == 1 and len(w := ws[0]) >= 5 and w.isalpha(): drugs.add(w[:-1] if w.endswith("e") else w)

events = set()
config = "\n".join(l for l in Path("config/events.json").read_text(encoding="utf-8").splitlines() if not l.strip().startswith("//"))
for entry in json.loads(config)["events"]:
    for phrases in entry["phrases"].values():
        events.update(" ".join(tokens(p)) for p in phrases)
    events.add(" ".join(tokens(entry["term"])))
counts = collections.Counter()
for line in (DATA / "adr-lay-phrases" / "psytar-adr-mentions.tsv").read_text(encoding="utf-8").splitlines()[1:]:
    drug_id, _, mention = line.split("\t")
    if not held_out("psytar", drug_id):
        counts[" ".join(tokens(mention))] += 1
events.update(m for m, n in counts.items() if n >= 2 and 0 < len(m.split()) <= 4)
events.discard("")

OUT.mkdir(parents=True, exist_ok=True)
(OUT / "drugs.txt").write_text("".join(d + "\n" for d in sorted(drugs)), encoding="utf-8")
(OUT / "events.txt").write_text("".join(e + "\n" for e in sorted(events)), encoding="utf-8")
print(f"drugs.txt: {len(drugs)} stems; events.txt: {len(events)} phrases")
