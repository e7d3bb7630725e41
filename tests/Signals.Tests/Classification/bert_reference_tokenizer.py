#!/usr/bin/env python3
"""BERT's reference uncased tokenizer (BasicTokenizer + WordpieceTokenizer of google-research/bert's tokenization.py,
Apache-2.0, as HuggingFace's BertTokenizer runs it: NFC before the whitespace split), written out here because no
tokenizer package is installable on this machine. Reads a vocab.txt and texts (one JSON string a line on stdin),
prints the ids ([CLS] ... [SEP], cut to --max-tokens) one line per text. WordPieceTokenizerTests compares them with
src/Signals/Classification/Transformer/WordPieceTokenizer.cs."""
import argparse
import json
import sys
import unicodedata


def is_whitespace(c):
    return c in (" ", "\t", "\n", "\r") or unicodedata.category(c) == "Zs"


def is_control(c):
    return c not in ("\t", "\n", "\r") and unicodedata.category(c).startswith("C")


def is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def basic(text):
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or is_control(c):
            continue
        out.append(" " if is_whitespace(c) else (f" {c} " if is_cjk(cp) else c))
    words = []
    for token in unicodedata.normalize("NFC", "".join(out)).split():
        token = "".join(c for c in unicodedata.normalize("NFD", token.lower()) if unicodedata.category(c) != "Mn")
        current = ""
        for c in token:
            if is_punctuation(c):
                if current:
                    words.append(current)
                current = ""
                words.append(c)
            else:
                current += c
        if current:
            words.append(current)
    return words


def wordpiece(word, vocab):
    if len(word) > 100:
        return [vocab["[UNK]"]]
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            piece = ("##" if start > 0 else "") + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return [vocab["[UNK]"]]
        pieces.append(found)
        start = end
    return pieces


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--vocab", required=True)
    a.add_argument("--max-tokens", type=int, default=64)
    args = a.parse_args()
    vocab = {}
    with open(args.vocab, encoding="utf-8") as f:
        for i, line in enumerate(f):
            vocab.setdefault(line.rstrip("\n").rstrip("\r"), i)
    for line in sys.stdin:
        ids = [vocab["[CLS]"]]
        for w in basic(json.loads(line)):
            ids.extend(wordpiece(w, vocab))
            if len(ids) >= args.max_tokens:
                break
        ids = ids[: args.max_tokens - 1] + [vocab["[SEP]"]]
        print(" ".join(map(str, ids)))


if __name__ == "__main__":
    main()
