#!/usr/bin/env bash
# Copies a pretrained checkpoint (the OUT/model folder written by `robustr1 pretrain`) into the
# resources of robustr1-tiny and writes their SHA-256 sums, which RobustR1Tiny checks on load.
#   robustr1-tiny/scripts/ship.sh runs/pretrain/model
set -euo pipefail
src="${1:?usage: ship.sh CHECKPOINT_DIR (the model folder written by robustr1 pretrain)}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dst="$here/src/main/resources/org/robustr1/tiny/checkpoint"
files=(config.json generation_config.json model.safetensors preprocessor_config.json provenance.json tokenizer.json tokenizer_config.json)
for f in "${files[@]}"; do
  [ -f "$src/$f" ] || { echo "ship.sh: $src/$f is missing; give the model folder of a finished 'robustr1 pretrain' run" >&2; exit 2; }
done
mkdir -p "$dst"
rm -f "$dst"/*
for f in "${files[@]}"; do cp "$src/$f" "$dst/$f"; done
(cd "$dst" && sha256sum "${files[@]}" > SHA256SUMS)
echo "shipped $(du -sh "$dst" | cut -f1) from $src into $dst"
