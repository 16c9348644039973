#!/bin/bash
# Builds DJL 0.36.0's PyTorch JNI (libdjl_torch.so) against an installed torch (a pip wheel's
# site-packages/torch, or a libtorch folder with include/ and lib/), from a DJL source checkout
# given by path, with robustr1's patch (djl-jni-0.36.0.patch beside this script: BF16 and other
# dtypes mapped instead of aborting the JVM). The project holds no DJL sources: they are copied
# from the checkout into OUT_DIR/tree and patched there.
#
# usage: scripts/djl-jni/build.sh DJL_CHECKOUT TORCH_DIR OUT_DIR [JOBS] [--install]
#   DJL_CHECKOUT  git clone https://github.com/deepjavalibrary/djl && git -C djl checkout v0.36.0
#   TORCH_DIR     e.g. $(python -c 'import torch, os; print(os.path.dirname(torch.__file__))')
#   OUT_DIR       build folder; OUT_DIR/libdjl_torch.so is the result
#   --install     also copy it where DJL looks for it and print the environment to set
# env: USE_CUDA=1|0   compile the two CUDA-aware sources with -DUSE_CUDA (default: 1 when TORCH_DIR
#                     has libtorch_cuda.so); if that compile fails (no CUDA headers) the plain
#                     objects are used: tensors still run on the GPU, emptyCudaCache does nothing
#      CUDA_INC       include dirs holding cuda_runtime_api.h (default: /usr/local/cuda/include and
#                     the nvidia-* wheels beside torch)
#      JAVA_HOME      a JDK (javac -h generates the JNI header from DJL's PyTorchLibrary.java;
#                     jni.h comes from it)
#      DJL_JNI_HEADER use this ai_djl_pytorch_jni_PyTorchLibrary.h instead of generating it
#      ENGINE_CACHE_DIR  where --install puts the library (default ~/.djl.ai)
#      NICE, CXX      command prefix (e.g. "nice -n 19") and compiler
# Exit: 1 bad arguments or inputs, 2 no C++ compiler, 3 patch does not apply, 4 compile or link failed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "build.sh: $1" >&2; exit "${2:-1}"; }
install=0; args=()
for a in "$@"; do [ "$a" = --install ] && install=1 || args+=("$a"); done
[ ${#args[@]} -ge 3 ] || die "usage: build.sh DJL_CHECKOUT TORCH_DIR OUT_DIR [JOBS] [--install]"
DJL=$(cd "${args[0]}" && pwd) || die "no DJL checkout at ${args[0]}"
T=$(cd "${args[1]}" && pwd -P) || die "no torch at ${args[1]}"
mkdir -p "${args[2]}"; O=$(cd "${args[2]}" && pwd)
J=${args[3]:-$(getconf _NPROCESSORS_ONLN)}
NATIVE_REL=engines/pytorch/pytorch-native/src/main/native
[ -f "$DJL/$NATIVE_REL/djl_pytorch_utils.h" ] || die "$DJL is not a DJL checkout: $NATIVE_REL/djl_pytorch_utils.h is missing"
[ -f "$DJL/api/src/main/native/djl/utils.h" ] || die "$DJL/api/src/main/native/djl/utils.h is missing"
[ -f "$T/include/torch/script.h" ] && [ -f "$T/lib/libtorch.so" ] || die "$T has no include/torch/script.h and lib/libtorch.so"
ver=$(sed -n 's/^djl_version=\(.*\)/\1/p' "$DJL/gradle.properties" 2>/dev/null || true)
[ -z "$ver" ] || [ "$ver" = 0.36.0 ] || echo "build.sh: warning: the checkout is DJL $ver, the patch is for 0.36.0" >&2
JH=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -f "$JH/include/jni.h" ] || die "no jni.h under $JH/include: set JAVA_HOME to a JDK"

# 1. a patched copy of the JNI sources
rm -rf "$O/tree" "$O/obj" "$O/objcu"; mkdir -p "$O/tree/$NATIVE_REL" "$O/tree/djl" "$O/obj" "$O/objcu"
cp "$DJL/$NATIVE_REL"/*.cc "$DJL/$NATIVE_REL"/*.h "$O/tree/$NATIVE_REL/"
cp "$DJL/api/src/main/native/djl/utils.h" "$O/tree/djl/"
patch -p1 --forward --batch -s -d "$O/tree" < "$here/djl-jni-0.36.0.patch" || die "djl-jni-0.36.0.patch does not apply to $DJL" 3
N=$O/tree/$NATIVE_REL
if [ -n "${DJL_JNI_HEADER:-}" ]; then
  cp "$DJL_JNI_HEADER" "$N/ai_djl_pytorch_jni_PyTorchLibrary.h"
else
  "$JH/bin/javac" -h "$N" -d "$O/classes" "$DJL/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java" \
    || die "javac -h failed on DJL's PyTorchLibrary.java"
fi

# 2. compile (g++ only, no CMake: TorchConfig.cmake's CUDA probing is not needed)
CXX=${CXX:-}; LDX=""
if [ -z "$CXX" ]; then
  for c in g++ c++ clang++; do command -v $c >/dev/null && { CXX=$c; break; }; done
  [ -z "$CXX" ] && command -v gcc >/dev/null && { CXX=gcc; LDX=-lstdc++; }
fi
[ -n "$CXX" ] || die "no C++ compiler (g++, c++, clang++)" 2
USE_CUDA=${USE_CUDA:-$([ -f "$T/lib/libtorch_cuda.so" ] && echo 1 || echo 0)}
CI=${CUDA_INC:-}
if [ -z "$CI" ]; then
  for d in /usr/local/cuda/include /usr/local/cuda/targets/x86_64-linux/include "$(dirname "$T")"/nvidia/*/include; do
    [ -d "$d" ] && CI="$CI $d"
  done
fi
CUFLAGS="-DUSE_CUDA"; for i in $CI; do CUFLAGS="$CUFLAGS -I$i"; done
CXXFLAGS="-std=c++17 -O2 -fPIC -w -D_GLIBCXX_USE_CXX11_ABI=1 -I$N -I$O/tree -I$JH/include -I$JH/include/linux -I$T/include -I$T/include/torch/csrc/api/include"
export O N CXX CXXFLAGS CUFLAGS NICE="${NICE:-}"
{
  for f in "$N"/*.cc; do echo "obj $f"; done
  if [ "$USE_CUDA" = 1 ]; then
    echo "objcu $N/ai_djl_pytorch_jni_PyTorchLibrary_inference.cc"
    echo "objcu $N/ai_djl_pytorch_jni_PyTorchLibrary_system.cc"
  fi
} | xargs -P "$J" -L 1 bash -c '
  b=$(basename "$1" .cc); ex=""; [ "$0" = objcu ] && ex="$CUFLAGS"; s=$(date +%s)
  if $NICE $CXX $CXXFLAGS $ex -c "$1" -o "$O/$0/$b.o" >"$O/$0/$b.log" 2>&1; then r=ok; else r=FAIL; fi
  echo "$0 $b $r $(( $(date +%s) - s ))s"'
fail=""
for f in "$N"/*.cc; do b=$(basename "$f" .cc); [ -s "$O/obj/$b.o" ] || fail="$fail $b"; done
if [ -n "$fail" ]; then
  for b in $fail; do head -30 "$O/obj/$b.log" >&2; done
  die "compile failed:$fail" 4
fi
cu=0
if [ "$USE_CUDA" = 1 ]; then
  if [ -s "$O/objcu/ai_djl_pytorch_jni_PyTorchLibrary_inference.o" ] && [ -s "$O/objcu/ai_djl_pytorch_jni_PyTorchLibrary_system.o" ]; then
    cp "$O"/objcu/*.o "$O/obj/"; cu=1
  else
    echo "build.sh: the -DUSE_CUDA compile failed (logs in $O/objcu), using plain objects" >&2
  fi
fi
LIBS="-ltorch -ltorch_cpu -lc10"
[ -f "$T/lib/libtorch_cuda.so" ] && LIBS="$LIBS -ltorch_cuda -lc10_cuda"
# --no-as-needed keeps libtorch_cuda in DT_NEEDED, so the CUDA backend registers when DJL loads the JNI
$NICE $CXX -shared -o "$O/libdjl_torch.so" "$O"/obj/*.o -L"$T/lib" -Wl,--no-as-needed $LIBS \
  -Wl,--as-needed $LDX -Wl,-rpath,'$ORIGIN' -Wl,-soname,libdjl_torch.so || die "link failed" 4
TV=$(sed -n "s/^__version__ = ['\"]\([0-9]*\.[0-9]*\.[0-9]*\).*/\1/p" "$T/version.py" 2>/dev/null || true)
CU=$(sed -n "s/^cuda[^=]*= ['\"]\([0-9]*\)\.\([0-9]*\)['\"].*/\1\2/p" "$T/version.py" 2>/dev/null || true)
FLAVOR=cpu; [ -n "$CU" ] && FLAVOR=cu$CU
echo "built $O/libdjl_torch.so (torch ${TV:-?} $FLAVOR, CUDA objects: $cu)"

# 3. optionally where DJL looks for it when PYTORCH_LIBRARY_PATH is set
if [ "$install" = 1 ]; then
  [ -n "$TV" ] || die "cannot read the torch version from $T/version.py; install by hand"
  C=${ENGINE_CACHE_DIR:-$HOME/.djl.ai}
  D=$C/pytorch/$TV-$FLAVOR-linux-x86_64
  mkdir -p "$D" && cp "$O/libdjl_torch.so" "$D/0.36.0-libdjl_torch.so"
  cudart=$(find "$(dirname "$T")/nvidia" -name 'libcudart.so*' 2>/dev/null | sort | head -1 || true)
  echo "installed $D/0.36.0-libdjl_torch.so; run Java with:"
  echo "  export PYTORCH_LIBRARY_PATH=$T/lib PYTORCH_VERSION=$TV PYTORCH_FLAVOR=$FLAVOR${ENGINE_CACHE_DIR:+ ENGINE_CACHE_DIR=$C}"
  echo "  export PYTORCH_LIBRARY_EXCLUSION=libtorchbind_test.so,libjitbackend_test.so,libbackend_with_compiler.so,libaoti_custom_ops.so"
  if [ -n "$cudart" ]; then
    echo "  java -Djna.library.path=$(dirname "$cudart") ...   (DJL counts GPUs through libcudart)"
  fi
fi
exit 0
