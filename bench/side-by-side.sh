#!/usr/bin/env bash
# fatecg against its PyTorch peer on this machine, in one run: alternates `fatecg bench` and the peer
# (torch, fatecg, torch, fatecg, ...), keeps the best of each per phase and batch, and writes a
# Markdown ratio table labelled with the CPU (model, family, vector width), threads, JDK and torch
# versions and the machine's load before and after. Speed claims are only ratios taken this way.
#
#   bench/side-by-side.sh [--rounds N] [--batch 32,64,128] [--seconds S] [--out FILE]
#
# The peer lives beside the repository (../shared/torch-bench from the repo root); without it, or
# without PyTorch in /usr/bin/python3, the script says so and exits 2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=2; batches=32,64,128; seconds=1; out="$root/bench/results/side-by-side-$(date -u +%Y%m%d-%H%M).md"
die() { echo "side-by-side: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="${2:?}"; shift 2 ;;
    --batch) batches="${2:?}"; shift 2 ;;
    --seconds) seconds="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer, got '$rounds'"
[[ $batches =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--batch must be positive integers separated by commas, got '$batches'"
[[ $seconds =~ ^[0-9]*\.?[0-9]+$ ]] || die "--seconds must be a positive number, got '$seconds'"

peer="$root/../shared/torch-bench"
[ -f "$peer/bench_torch.py" ] && [ -f "$peer/run_torch_best.sh" ] \
  || die "the PyTorch peer is absent: expected bench_torch.py and run_torch_best.sh in $peer"
/usr/bin/python3 -c 'import torch' 2>/dev/null \
  || die "PyTorch is absent: /usr/bin/python3 cannot import torch (Debian: apt-get install python3-torch)"
command -v java >/dev/null || die "java is absent"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# The peer's own wrapper fetches its single-threaded OpenBLAS on first use; the runs below then call
# bench_torch.py directly with the wrapper's setting, for its JSON output (all phases and batches at once).
"$peer/run_torch_best.sh" infer 32 >/dev/null || die "the peer's setup (run_torch_best.sh) failed"
blas="${XDG_CACHE_HOME:-$HOME/.cache}/torch-bench/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread"
[ -e "$blas/libblas.so.3" ] || die "the peer's OpenBLAS is missing at $blas"
read -r -a torch_batches <<< "${batches//,/ }"

uptime > "$work/load-before"
for ((r = 1; r <= rounds; r++)); do
  echo "side-by-side: round $r of $rounds: torch" >&2
  LD_LIBRARY_PATH="$blas" OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$peer/bench_torch.py" \
    --batch-sizes "${torch_batches[@]}" --only infer train pgd20 fat fgsm bim10 --out "$work/torch-$r.json" >/dev/null 2>&1 \
    || die "the PyTorch peer failed in round $r"
  echo "side-by-side: round $r of $rounds: fatecg" >&2
  "$root/fatecg" bench --batch "$batches" --seconds "$seconds" --out "$work/fatecg-$r.md" >/dev/null 2>"$work/fatecg-$r.err" \
    || { cat "$work/fatecg-$r.err" >&2; die "fatecg bench failed in round $r"; }
done
uptime > "$work/load-after"
java -version 2> "$work/jdk"

mkdir -p "$(dirname "$out")"
/usr/bin/python3 "$root/bench/side_by_side.py" --work "$work" --rounds "$rounds" --seconds "$seconds" > "$work/table.md"
mv "$work/table.md" "$out.tmp" && mv "$out.tmp" "$out"
cat "$out"
echo "side-by-side: wrote $out" >&2
