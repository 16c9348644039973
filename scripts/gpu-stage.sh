#!/bin/bash
# Prepares a GPU check on this (CPU) machine: stages the djl-gpu kit (../shared/djl-gpu: a jlinked
# JRE, DJL jars, the patched JNI sources) with robustr1-bench's runtime classpath into .djlgpu/
# (git-ignored), adds the golden tiny-a files GpuParity and GpuLatency read as .djlgpu/golden.txz,
# and checks what travels against the device's 64 MiB. Then, on the GPU machine:
#     bash scripts/gpu-check.sh            (results under $OUT)
# usage: bash scripts/gpu-stage.sh [KIT_DIR]     (default ../shared/djl-gpu)
# env:   GOLDEN_DIR   the golden fixture (default ../shared/golden/qwen25vl-tiny-a)
#        GOLDEN_SET   full (default: weights, inputs, tokenizer) | bench (tokenizer and preprocessor
#                     only: GpuLatency's trainer parts, no parity check) | none
#        DJLGPU_PREBUILT, M2, JDK25   passed to the kit's stage.sh
# Build first: mvn -B -ntp -o -DskipTests package (the module jars under */target are staged).
set -euo pipefail
R=$(git rev-parse --show-toplevel)
KIT=${1:-$R/../shared/djl-gpu}
G=${GOLDEN_DIR:-$R/../shared/golden/qwen25vl-tiny-a}
SET=${GOLDEN_SET:-full}
[ -f "$KIT/stage.sh" ] || { echo "gpu-stage.sh: no djl-gpu kit at $KIT" >&2; exit 1; }
ls "$R"/robustr1-bench/target/robustr1-bench-*.jar >/dev/null 2>&1 ||
  { echo "gpu-stage.sh: build first: mvn -B -ntp -o -DskipTests package" >&2; exit 1; }
(cd "$R" && WITH_PROJECT=1 DJLGPU_MODULES=robustr1-bench DJLGPU_MAX_MIB=200 bash "$KIT/stage.sh")
case $SET in
  full) files="config.json generation.json inputs.json pixel_values.npy model.safetensors preprocessor_config.json tokenizer.json tokenizer_config.json" ;;
  bench) files="preprocessor_config.json tokenizer.json tokenizer_config.json" ;;
  none) files="" ;;
  *) echo "gpu-stage.sh: GOLDEN_SET must be full, bench or none" >&2; exit 1 ;;
esac
rm -f "$R/.djlgpu/golden.txz"
if [ -n "$files" ]; then
  [ -d "$G" ] || { echo "gpu-stage.sh: no golden fixture at $G" >&2; exit 1; }
  tar -C "$G" -cf - $files | xz -9 -T1 > "$R/.djlgpu/golden.txz"
fi
kit=$(du -sb "$R/.djlgpu" | cut -f1)
tree=$(cd "$R" && git ls-files -z -co --exclude-standard | { xargs -0 -r stat -c %s 2>/dev/null || true; } | awk '{s += $1} END {print s + 0}')
total=$((kit + tree))
awk -v k="$kit" -v t="$tree" 'BEGIN {printf "gpu-stage.sh: .djlgpu %.1f MiB (golden set: '"$SET"') + checkout %.1f MiB = %.1f MiB\n", k/1048576, t/1048576, (k+t)/1048576}'
if [ "$total" -gt $((64 * 1048576)) ]; then
  echo "gpu-stage.sh: over the device's 64 MiB: stage GOLDEN_SET=bench for the benchmarks and run the parity in a second call, or narrow the classpath" >&2
  exit 2
fi
echo "gpu-stage.sh: ready; on the GPU machine run: bash scripts/gpu-check.sh (carry .djlgpu)"
