#!/usr/bin/env python3
"""Grows the event lexicon from the patient corpora: writes config/events-corpus.json, which config/events.json includes.

Run from the repository root: python3 scripts/build-event-lexicon.py [--data ../shared/data]
The output depends only on its inputs (sorted). Every phrase goes to a term of config/events.json, which carries its French
label; nothing of a post or review is copied, only short lay phrases that several patients wrote and misspellings
(research-only texts stay in ../shared/data, see docs/classifier.md#event-vocabulary).

Only TRAINING material is read: a CADEC post or PsyTAR review whose id hashes into the held-out fifth (SHA-256 of
"cadec/<post>" or "psytar/<drug_id>", first byte % 5 == 0, as LabelledSentence.IsHeldOut) and an SMM4H tweet whose text
hashes there ("smm4h-en/<text>") contribute nothing, so the held-out recall printed by the event-recall benchmark is not
helped by its own texts.

- CADEC (Karimi et al. 2015; CSIRO research licence): an adverse-reaction span the lexicon does not name, whose
  annotator's standard wording ("Drowsy", "Muscle pain") the lexicon names as exactly one term, is a lay phrase of that
  term when it has at most three words ("bit drowsy" → somnolence) or at least two training posts hold it (up to five).
- Misspellings: a word one typo (letter missing, added, changed, two swapped) from a one-word phrase of six letters or
  more, with the same first letter, that is no dictionary word (scripts/wordlists) and at most half as frequent as the
  word, written in at least two texts of: CADEC spans,
  PsyTAR mentions (annotations CC BY 4.0), Druglib side-effect reviews (UCI, CC BY 4.0), SMM4H English tweets ("dizzyness",
  "nausious" → dizziness, nausea).
"""
import argparse, collections, csv, gzip, hashlib, json, re, unicodedata
from pathlib import Path

MAX_WORDS = 5
TYPO_MINIMUM_LENGTH = 6


def fold(text):
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def tokens(text):
    return re.findall(r"[^\W_]+", fold(text))


def held_out(corpus, group):
    return hashlib.sha256(f"{corpus}/{group}".encode()).digest()[0] % 5 == 0


def load_lexicon(path, language=None):
    text = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.strip().startswith("//"))
    phrases = {}
    for entry in json.loads(text)["events"]:
        for p in [entry["term"], *(p for lang, ps in entry.get("phrases", {}).items() if language in (None, lang) for p in ps)]:
            key = tuple(tokens(p))
            if key: phrases.setdefault(key, entry["term"])
    return phrases


def load_weak(path):
    text = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.strip().startswith("//"))
    return json.loads(text).get("weak", {}).get("phrases", [])


def named(words, phrases, longest=8):
    """Terms of the phrases found in the words, the longest phrase winning where they overlap."""
    found = []
    for i in range(len(words)):
        for j in range(min(len(words), i + longest), i, -1):
            if tuple(words[i:j]) in phrases: found.append((i, j, phrases[tuple(words[i:j])])); break
    return {t for i, j, t in found if not any(a <= i and j <= b and (b - a) > (j - i) for a, b, _ in found)}


def osa1(a, b):
    if a == b or abs(len(a) - len(b)) > 1: return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]: i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


PRONOUNS = {"me", "my", "you", "your"}
NOT_VERBS = {"off", "out", "on", "in", "up", "down", "over", "all", "so", "too", "not", "no", "never", "just", "really", "still"}


def inflections(verb, known):
    """Other forms of an English verb that the word list knows (knock: knocks, knocked, knocking; wipe: wipes, wiped,
    wiping; stop: stops, stopped, stopping; fry: fries, fried, frying)."""
    stems = {verb}
    for suffix, add in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ies", "y"), ("ied", "y")):
        stem = verb[: len(verb) - len(suffix)] + add
        if verb.endswith(suffix) and len(stem) >= 3:
            stems.add(stem[:-1] if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "slfz" and suffix in ("ed", "ing") else stem)
    if len(stems & known) > 1: stems.discard(verb)  # an inflected form is not a stem: no "helpings"
    forms = set()
    for s in stems & known:
        if s.endswith("e"): forms |= {s + "s", s + "d", s[:-1] + "ing"}
        elif s.endswith("y") and s[-2] not in "aeiou": forms |= {s[:-1] + "ies", s[:-1] + "ied", s + "ing"}
        else: forms |= {s + ("es" if s.endswith(("s", "sh", "ch", "x", "z")) else "s"), s + "ed", s + "ing", s + s[-1] + "ed", s + s[-1] + "ing"}
        forms.add(s)
    return (forms & known) - {verb}


def words_of(path):
    with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8") as f:
        return {fold(w.strip()) for w in f if w.strip()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--out", default="config/events-corpus.json")
    args = parser.parse_args()
    data = Path(args.data)
    phrases = load_lexicon(Path("config/events.json"))
    learned = collections.defaultdict(set)

    # CADEC spans, mapped through the annotators' standard wording.
    span_posts = collections.defaultdict(set)
    texts = []  # (source, words) for the misspelling count
    with open(data / "cadec" / "cadec-entities.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["type"] != "ADR" or held_out("cadec", row["post"]): continue
            words = tokens(row["text"])
            texts.append(words)
            if not words or len(words) > MAX_WORDS or named(words, phrases): continue
            terms = named(tokens(row["annotator_note"] or ""), phrases)
            if len(terms) == 1: span_posts[(tuple(words), next(iter(terms)))].add(row["post"])
    for (words, term), posts in span_posts.items():
        if len(posts) >= 2 or len(words) <= 3: learned[term].add(" ".join(words))

    # Misspellings of one-word phrases, from training texts of every patient corpus.
    with open(data / "adr-lay-phrases" / "psytar-adr-mentions.tsv", encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            drug_id, _, mention = line.split("\t")
            if not held_out("psytar", drug_id): texts.append(tokens(mention))
    for name in ("drugLibTrain_raw.tsv", "drugLibTest_raw.tsv"):
        with open(data / "druglib-reviews" / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"): texts.append(tokens(row.get("sideEffectsReview") or ""))
    with open(data / "smm4h-en" / "smm4h2020-task2-en-train.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if not held_out("smm4h-en", row["text"].strip()): texts.append(tokens(row["text"]))
    wordlists = Path("scripts/wordlists")
    dictionary = set().union(*(words_of(wordlists / n) for n in ("en-dictionary.txt.gz", "fr-dictionary.txt.gz", "es-de-pt-it-common.txt.gz")))
    dictionary |= {l.split("\t")[0] for l in gzip.open(wordlists / "wordfreq-near-names.tsv.gz", "rt", encoding="utf-8") if not l.startswith("#")}
    weak = {" ".join(tokens(p)) for p in load_weak(Path("config/events.json"))}
    singles = {k[0]: t for k, t in phrases.items() if len(k) == 1 and len(k[0]) >= TYPO_MINIMUM_LENGTH and k[0].isalpha() and k[0] not in weak}
    by_deletion = collections.defaultdict(set)
    for w in singles:
        for d in {w[:i] + w[i + 1:] for i in range(len(w))} | {w}: by_deletion[d].add(w)
    seen = collections.Counter(w for words in texts for w in set(words))
    for w, n in seen.items():
        if n < 2 or w in dictionary or w in singles or not w.isalpha() or len(w) < TYPO_MINIMUM_LENGTH - 1: continue
        near = {s for d in {w[:i] + w[i + 1:] for i in range(len(w))} | {w} for s in by_deletion.get(d, ()) if osa1(w, s)}
        # A misspelling keeps its first letter and is rarer than the word it misspells ("leeds" is no "bleeds", the
        # Indonesian "bingung" no "binging").
        near = {s for s in near if s[0] == w[0] and 2 * n <= seen[s]}
        terms = {singles[s] for s in near}
        if len(terms) == 1: learned[next(iter(terms))].add(w)

    # The other forms of a phrase's verb: "knocks me out" is also "knocked / knocking / knock me out", "wiped me out"
    # "wipes me out". Only phrases of a verb and a pronoun ("<verb> me|my|you|your ..."), and only forms the English
    # dictionary knows, so no made-up word is added.
    english = words_of(wordlists / "en-common.txt.gz")
    for key, term in sorted(load_lexicon(Path("config/events.json"), "en").items()):
        if len(key) < 3 or key[1] not in PRONOUNS or not key[0].isalpha() or key[0] in NOT_VERBS: continue
        for form in inflections(key[0], english):
            variant = (form, *key[1:])
            if variant not in phrases: learned[term].add(" ".join(variant))

    # Ordinary words one typo from a one-word phrase of six letters or more ("taking" / waking, "selling" / swelling): the
    # matcher's typo step must not read them as that phrase (EventMatcher; the English, French and other dictionaries of
    # scripts/wordlists, and every word of the lexicon itself).
    all_words = {w for k in phrases for w in k}
    typo_phrases = {w for w in singles if w not in weak} | {w for e in learned.values() for p in e for w in [p] if " " not in p and len(p) >= TYPO_MINIMUM_LENGTH}
    by_deletion = collections.defaultdict(set)
    for w in typo_phrases:
        for d in {w[:i] + w[i + 1:] for i in range(len(w))} | {w}: by_deletion[d].add(w)
    not_typos = sorted(w for w in dictionary if len(w) >= TYPO_MINIMUM_LENGTH - 1 and w not in all_words and w not in typo_phrases and w.isalpha()
                       and any(osa1(w, s) for d in {w[:i] + w[i + 1:] for i in range(len(w))} | {w} for s in by_deletion.get(d, ())))
    out = {"events": [{"term": t, "phrases": {"en": sorted(p)}} for t, p in sorted(learned.items())], "notTypos": not_typos}
    body = ("// Built by scripts/build-event-lexicon.py from the training parts of CADEC, PsyTAR, Druglib and SMM4H English:\n"
            "// lay phrases several patients wrote and misspellings, each under a term of events.json (which has its labels).\n"
            + json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    Path(args.out).write_text(body, encoding="utf-8")
    print(f"build-event-lexicon: {sum(len(p) for p in learned.values())} phrases for {len(learned)} terms, {len(not_typos)} not-typos → {args.out}")


if __name__ == "__main__":
    main()
