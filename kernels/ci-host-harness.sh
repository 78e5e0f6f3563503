#!/usr/bin/env bash
# CUDA kernels without a GPU, as CI runs them:
#   1. the Java golden writer (CudaGoldenWriterTest) records, for every backend call of GoldenCases, the
#      exact kernel launches and cuBLAS calls CudaBackend makes, plus the CPU backend's outputs;
#   2. CMake builds the kernels with nvcc (fatbin, sm_75..sm_90 + PTX: every kernel must compile) and
#      the host harness (the same kernel bodies, compiled by g++);
#   3. every __global__ kernel in kernels/*.cu must have a host replay, and the harness replays the
#      golden files and compares (atol + rtol * |ref|).
# Leaves build/kernels/fatecg_kernels.fatbin, which a later `./mvnw package` puts into the jar.
# Options: --no-nvcc builds and runs the harness only (a machine without the CUDA toolkit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
require_nvcc=ON
[ "${1:-}" = "--no-nvcc" ] && require_nvcc=OFF
build="$root/build"
golden="$build/golden"

echo "== golden files (Java CPU backend)"
./mvnw -B -q -pl java test -Dtest='org.fatecg.backend.cuda.CudaGoldenWriterTest' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfatecg.golden.dir="$golden"
echo "   $(ls "$golden"/*.golden | wc -l) golden files in $golden"

echo "== cmake: kernels (nvcc) and host harness"
nvcc_dir=""
[ -x /usr/local/cuda/bin/nvcc ] && nvcc_dir=/usr/local/cuda/bin
PATH="$PATH${nvcc_dir:+:$nvcc_dir}" cmake -S "$root" -B "$build" -DFATECG_REQUIRE_NVCC="$require_nvcc" >/dev/null
cmake --build "$build" -j "$(nproc)"
[ "$require_nvcc" = ON ] && ls -l "$build/kernels/fatecg_kernels.fatbin"

echo "== every kernel has a host replay"
declared=$(grep -ho 'extern "C" __global__ void [a-z0-9_]*' kernels/*.cu | awk '{print $NF}' | sort)
replayed=$("$build/kernels/fatecg_harness" --list-kernels | sort)
if [ "$declared" != "$replayed" ]; then
  echo "kernels and host replays differ (< in kernels/*.cu only, > in the harness only):"
  diff <(echo "$declared") <(echo "$replayed") || true
  exit 1
fi
echo "   $(echo "$declared" | wc -l) kernels"

echo "== host harness"
"$build/kernels/fatecg_harness" "$golden"
