#!/usr/bin/env python3
"""Writes src/Signals/Classification/Transformer/accent-fold.txt: for every code point whose canonical decomposition (NFD)
differs from itself (Hangul syllables excepted: WordPieceTokenizer decomposes them by formula), the NFD without its
non-spacing marks (category Mn), as hexadecimal code points. BERT's uncased tokenizer strips accents that way; the
worker runs with invariant globalization (no ICU), where string.Normalize does not decompose, so it reads this table.
Made from Python's unicodedata (the Unicode version is written in the file's first line)."""
import os
import unicodedata

out = os.path.join(os.path.dirname(__file__), "..", "src", "Signals", "Classification", "Transformer", "accent-fold.txt")
with open(out, "w", encoding="ascii", newline="\n") as f:
    f.write(f"# code point, then its NFD without Mn marks (empty: removed); Unicode {unicodedata.unidata_version}, scripts/build-accent-table.py\n")
    for cp in range(0x80, 0x30000):
        if 0xAC00 <= cp <= 0xD7A3 or 0xD800 <= cp <= 0xDFFF:
            continue
        d = unicodedata.normalize("NFD", chr(cp))
        if d != chr(cp):
            f.write(f"{cp:X}\t{' '.join(f'{ord(x):X}' for x in d if unicodedata.category(x) != 'Mn')}\n")
