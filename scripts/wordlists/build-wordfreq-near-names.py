#!/usr/bin/python3
"""Writes scripts/wordlists/wordfreq-near-names.tsv.gz: the words of real text one typo from a catalogue name, with how
often they are used, for scripts/build-catalogue.py ("everyday" words: a typo match on them needs a drug context word).

Run from the repository root after building the catalogue once (it reads the names of config/catalogue.json.gz), then
build the catalogue again:
  /usr/bin/python3 scripts/wordlists/build-wordfreq-near-names.py WORDFREQ_DATA_DIR    (needs python3-msgpack)
WORDFREQ_DATA_DIR is wordfreq/data of rspeer/wordfreq 3.2 (commit 912caf6; code Apache-2.0, data CC BY-SA 4.0): its
large_{en,fr,de,es,pt,it}.msgpack.gz word lists, counted over Wikipedia, news (NewsCrawl, GlobalVoices), Reddit,
Twitter, the web (OSCAR, ParaCrawl), Google Books and subtitles. Each word keeps its highest Zipf value over the six
languages (log10 of uses per billion words). Kept: words of five letters or more one typo from a single-word name of six
letters or more, at Zipf 1.0 or more; and the names themselves, so the builder can tell a word from a misspelt name.
"""
import gzip, json, re, sys, unicodedata
from pathlib import Path
import msgpack

LANGUAGES = ["en", "fr", "de", "es", "pt", "it"]
OUT = Path("scripts/wordlists/wordfreq-near-names.tsv.gz")


def fold(text):
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def deletions(word):
    return {word[:i] + word[i + 1:] for i in range(len(word))} | {word}


def main():
    data = Path(sys.argv[1])
    catalogue = json.load(gzip.open("config/catalogue.json.gz"))
    names = {n for p in catalogue["products"] for n in p["names"] + p.get("contextNames", []) if " " not in n and len(n) >= 6}
    variants = {}
    for n in names:
        for d in deletions(n): variants.setdefault(d, set()).add(n)
    zipf = {}
    for language in LANGUAGES:
        buckets = msgpack.unpackb(gzip.open(data / f"large_{language}.msgpack.gz").read(), raw=False)[1:]
        for i, bucket in enumerate(buckets):
            z = round(9 - i / 100, 2)  # bucket i holds the words used 10^(-i/100) of the time
            if z < 1.0: break
            for w in bucket:
                f = fold(w)
                if re.fullmatch(r"[a-z0-9]{5,40}", f) and z > zipf.get(f, 0): zipf[f] = z
    kept = {w: z for w, z in zipf.items() if w in names or any(d in variants for d in deletions(w))}
    body = "# word<TAB>zipf: wordfreq 3.2 (Robyn Speer; data CC BY-SA 4.0), words one typo from a catalogue name, and the names\n"
    body += "".join(f"{w}\t{z}\n" for w, z in sorted(kept.items()))
    OUT.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(kept)} words → {OUT}")


if __name__ == "__main__":
    main()
