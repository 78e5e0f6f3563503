#!/usr/bin/env bash
# fatecg against its PyTorch peer on this machine, in one run: alternates the peer and `fatecg bench`
# (torch, fatecg, torch, fatecg, ...), keeps the best of each per phase and batch, and writes a
# Markdown ratio table and a CSV labelled with the CPU (model, family/model, vector flags), cores, JDK
# and torch versions, the machine's GEMM peak as fatecg measures it with the FAT step's share of it, and
# the load before, between and after. Speed claims against PyTorch are only ratios taken this way.
#
#   bench/side-by-side.sh [--batches 32,64,128] [--reps N] [--seconds S] [--with-cw] [--out PREFIX]
#   bench/side-by-side.sh --quick        # = --batches 64 --reps 2 (about 2 minutes on 2 quiet cores)
#
# Defaults: all three batches, 3 rounds of each program, `fatecg bench --seconds 1` (about 6 minutes).
# CW-50 is timed only with --with-cw, and never enters the verdict: the peer has no trained weights,
# never stops early and also computes weight gradients, so the two do different work (see the notes).
# Writes PREFIX.md and PREFIX.csv (default bench/results/side-by-side-<UTC date-time>).
# The peer lives beside the repository (../shared/torch-bench from the repo root); without it, or
# without PyTorch in /usr/bin/python3, the script says so and exits 2 without measuring anything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps=3; batches=32,64,128; seconds=1; with_cw=false; out="$root/bench/results/side-by-side-$(date -u +%Y%m%d-%H%M)"
command_line="bench/side-by-side.sh $*"
die() { echo "side-by-side: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="${2:?--reps needs a value}"; shift 2 ;;
    --batches) batches="${2:?--batches needs a value}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a value}"; out="${out%.md}"; shift 2 ;;
    --quick) batches=64; reps=2; shift ;;
    --with-cw) with_cw=true; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "--reps must be a positive integer, got '$reps'"
[[ $batches =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--batches must be positive integers separated by commas, got '$batches'"
[[ $seconds =~ ^[0-9]*\.?[0-9]+$ ]] && [[ ! $seconds =~ ^0*\.?0*$ ]] || die "--seconds must be a positive number, got '$seconds'"

peer="$root/../shared/torch-bench"
[ -f "$peer/bench_torch.py" ] && [ -f "$peer/run_torch_best.sh" ] \
  || die "skipped: the PyTorch peer is absent (expected bench_torch.py and run_torch_best.sh in $peer)"
/usr/bin/python3 -c 'import torch' 2>/dev/null \
  || die "skipped: PyTorch is absent (/usr/bin/python3 cannot import torch; Debian: apt-get install python3-torch)"
command -v java >/dev/null || die "skipped: java is absent"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# The peer's own wrapper fetches its single-threaded OpenBLAS on first use; the rounds below then call
# bench_torch.py with the wrapper's setting, for its JSON output (all phases and batches at once).
"$peer/run_torch_best.sh" infer 32 >/dev/null 2>&1 || die "the peer's setup (run_torch_best.sh) failed"
blas="${XDG_CACHE_HOME:-$HOME/.cache}/torch-bench/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread"
[ -e "$blas/libblas.so.3" ] || die "the peer's OpenBLAS is missing at $blas"
read -r -a torch_batches <<< "${batches//,/ }"
# fatecg bench times its CW either way (on the random model it stops after a few steps: cheap).
torch_ops=(infer train pgd20 fat fgsm bim10)
if $with_cw; then torch_ops+=(cw50); fi
# Build the jar before the clock starts, so no round pays for it; note the Java the launcher runs it on
# (the newest JDK here unless FATECG_JAVA names one) and where that Java lives.
"$root/fatecg" --version > "$work/version" 2> "$work/version-notice" || die "fatecg does not build or start"

cp /proc/cpuinfo "$work/cpuinfo"
{ lscpu | awk -F: '/^Core\(s\) per socket|^Socket\(s\)|^Thread\(s\) per core|^Hypervisor vendor/ { gsub(/^ +/, "", $2); printf "%s%s: %s", sep, $1, $2; sep="; " }'; echo; } > "$work/lscpu-extra"
date -u '+%Y-%m-%d %H:%M UTC' > "$work/date"
java_home="$(sed -n 's/.*running on Java [0-9]* (\(.*\)), the newest.*/\1/p' "$work/version-notice")"
echo "$(sed -n 2p "$work/version"), ${FATECG_JAVA:-${java_home:-$(command -v java)}}" > "$work/jdk"
start=$SECONDS
uptime > "$work/load-before"
: > "$work/load-rounds"
for ((r = 1; r <= reps; r++)); do
  echo "side-by-side: round $r of $reps: PyTorch" >&2
  LD_LIBRARY_PATH="$blas" OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$peer/bench_torch.py" \
    --batch-sizes "${torch_batches[@]}" --only "${torch_ops[@]}" \
    --out "$work/torch-$r.json" >"$work/torch-$r.log" 2>&1 \
    || { tail -5 "$work/torch-$r.log" >&2; die "the PyTorch peer failed in round $r"; }
  echo "round $r PyTorch: $(uptime | sed 's/.*load average: //')" >> "$work/load-rounds"
  echo "side-by-side: round $r of $reps: fatecg" >&2
  "$root/fatecg" bench --batch "$batches" --seconds "$seconds" --no-objectives --out "$work/fatecg-$r.md" \
    >/dev/null 2>"$work/fatecg-$r.err" || { cat "$work/fatecg-$r.err" >&2; die "fatecg bench failed in round $r"; }
  echo "round $r fatecg: $(uptime | sed 's/.*load average: //')" >> "$work/load-rounds"
done
uptime > "$work/load-after"

mkdir -p "$(dirname "$out")"
/usr/bin/python3 "$root/bench/side_by_side.py" --work "$work" --rounds "$reps" --seconds "$seconds" \
  --command "$command_line" --wall "$((SECONDS - start))" --csv "$work/table.csv" > "$work/table.md"
mv "$work/table.md" "$out.md" && mv "$work/table.csv" "$out.csv"
cat "$out.md"
echo "side-by-side: wrote $out.md and $out.csv" >&2
