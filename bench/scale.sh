#!/usr/bin/env bash
# Many clients in one JVM: `fatecg run` with the training set cut into --clients small shards (1,000 by
# default, about 88 beats each), each chosen client training one minibatch of 32 beats per round
# (Non-FAT clients by default; --federation fat for the quick preset's PGD-3 FAT clients), for a few
# rounds within an 8 GiB heap, once per number of clients per round. Writes a Markdown table and a CSV:
#   - round time: each round's fit seconds (`timings` in the run's run.json: every chosen client's
#     local training plus FedAvg), per client; round 1 includes the JIT's warm-up, so the table gives
#     the mean of the later rounds;
#   - live heap: `jcmd PID GC.class_histogram` (a full GC, then the live objects) every 2 s while a run
#     trains: its peak with --clients N against --clients 10 at 10 per round (both hold the same beats),
#     the federation's client objects (org.fatecg.fl.*Client) in the last histogram, and the peak with
#     the largest number per round against 10 per round (the updates held until FedAvg).
# The sampled runs are separate from the timed ones, since each sample is a full GC.
#
#   bench/scale.sh [--clients 1000] [--per-round 10,50,100,200,500] [--rounds 2] [--federation nonfat|fat] [--out PREFIX]
#   bench/scale.sh --quick     # = --per-round 10,50
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clients=1000; per_round=10,50,100,200,500; rounds=2; federation=nonfat
out="$root/bench/results/scale-$(date -u +%Y%m%d-%H%M)"
data="${FATECG_DATA:-$root/../shared/data/mitdb}"
die() { echo "scale: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="${2:?--clients needs a value}"; shift 2 ;;
    --per-round) per_round="${2:?--per-round needs a value}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
    --federation) federation="${2:?--federation needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a value}"; out="${out%.md}"; shift 2 ;;
    --quick) per_round=10,50; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $clients =~ ^[1-9][0-9]*$ ]] && [ "$clients" -gt 10 ] || die "--clients must be an integer above 10, got '$clients'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] && [ "$rounds" -ge 2 ] || die "--rounds must be an integer >= 2, got '$rounds'"
[[ $federation =~ ^(nonfat|fat)$ ]] || die "--federation must be nonfat or fat, got '$federation'"
[[ $per_round =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--per-round must be positive integers separated by commas, got '$per_round'"
read -r -a ks <<< "${per_round//,/ }"
most=10
for k in "${ks[@]}"; do
  [ "$k" -le "$clients" ] || die "--per-round $k is more than --clients $clients"
  [ "$k" -gt "$most" ] && most=$k
done
[ -f "$data/100.hea" ] || die "no MIT-BIH records in $data (set FATECG_DATA)"
command -v jcmd >/dev/null || die "jcmd (a JDK tool) is absent"
"$root/fatecg" --version >/dev/null || die "fatecg does not build or start"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# One run of N clients, K per round; with "sample" as $1 its live heap is sampled while it runs.
run() {
  local mode=$1 name=$2 n=$3 k=$4
  FATECG_JAVA_OPTS="-Xmx8g" "$root/fatecg" run --data "$data" --clients "$n" --clients-per-round "$k" \
    --rounds "$rounds" --epochs 1 --train-beats-per-client 32 --federations "$federation" --attacks clean \
    --eval-every "$rounds" --test-beats 200 --quiet --out "$work/$name" >"$work/$name.log" 2>&1 &
  local launcher=$! pid=""
  if [ "$mode" = sample ]; then
    : > "$work/$name.heap"
    while kill -0 "$launcher" 2>/dev/null; do
      [ -n "$pid" ] || pid="$(pgrep -f -- "fatecg-run.jar run .*--out $work/$name" | head -1 || true)"
      if [ -n "$pid" ]; then
        # the JVM may end before jcmd attaches: then this sample is empty and skipped
        { jcmd "$pid" GC.class_histogram 2>/dev/null || true; } > "$work/histogram"
        if grep -q '^Total' "$work/histogram"; then
          awk '$1 == "Total" { print $3 }' "$work/histogram" >> "$work/$name.heap"
          # rows "num: instances bytes class": the client objects' count and shallow bytes
          awk '$4 ~ /^org\.fatecg\.fl\.[A-Za-z]*Client$/ { n += $2; b += $3 } END { print n + 0, b + 0 }' \
            "$work/histogram" > "$work/$name.clients"
        fi
      fi
      sleep 2
    done
  fi
  wait "$launcher" || { tail -20 "$work/$name.log" >&2; die "the run $name failed"; }
  echo "$name $(uptime | sed 's/.*load average: //')" >> "$work/load"
}

uptime > "$work/load-before"; : > "$work/load"
start=$SECONDS
for k in "${ks[@]}"; do
  echo "scale: $clients clients, $k per round, timed" >&2
  run time "time-$k" "$clients" "$k"
done
echo "scale: live heap: $clients clients then 10, 10 per round; then $clients clients, $most per round" >&2
run sample "heap-many" "$clients" 10
run sample "heap-few" 10 10
run sample "heap-most" "$clients" "$most"
uptime > "$work/load-after"

mkdir -p "$(dirname "$out")"
/usr/bin/python3 - "$work" "$clients" "$rounds" "$per_round" "$((SECONDS - start))" "$out" "$federation" "$most" <<'EOF'
import csv, json, os, sys
work, clients, rounds, per_round, wall, out, federation, most = sys.argv[1:9]
clients, rounds, most = int(clients), int(rounds), int(most)
read = lambda n: open(os.path.join(work, n)).read().strip()
def fits(name):
    timings = json.load(open(os.path.join(work, name, "run.json")))["timings"]
    fed = [v for v in timings.values() if isinstance(v, dict) and "rounds" in v][0]
    return [r["fit_s"] for r in fed["rounds"] if r["round"] >= 1]
def peak(name):
    vals = [int(v) for v in read(name + ".heap").split()]
    if not vals:
        sys.exit(f"scale: no heap sample of {name} (the run ended before jcmd attached)")
    return max(vals), len(vals)
loads = dict(l.split(" ", 1) for l in read("load").splitlines())
rows, base = [], None
for k in map(int, per_round.split(",")):
    f = fits(f"time-{k}")
    mean = sum(f[1:]) / len(f[1:])
    base = base or (k, mean)
    rows.append((k, f, mean, mean / k, (mean / base[1]) / (k / base[0])))
(p_many, s_many), (p_few, s_few), (p_most, s_most) = peak("heap-many"), peak("heap-few"), peak("heap-most")
n_obj, b_obj = map(int, read("heap-many.clients").split())
per_update = (p_most - p_many) / (most - 10) if most > 10 else float("nan")
kind = ("FAT (the quick preset's PGD-3: 3 input-gradient steps on 32 beats, then one Adam step on 64)"
        if federation == "fat" else "Non-FAT (one Adam step on 32 beats)")
lines = [f"# {clients} clients in one JVM (-Xmx8g), {federation} clients, 32 beats each per round\n",
         f"- command: `bench/scale.sh --clients {clients} --per-round {per_round} --rounds {rounds} "
         f"--federation {federation}`; wall {wall} s",
         f"- load average before: {read('load-before')}; after: {read('load-after')}",
         f"- each run: `fatecg run --clients N --clients-per-round K --rounds {rounds} --epochs 1 "
         f"--train-beats-per-client 32 --federations {federation} --attacks clean --eval-every {rounds} "
         f"--test-beats 200`; each chosen client: {kind}",
         "",
         "| clients per round | round fit seconds (rounds 1..R) | mean of rounds 2..R (s) | per client (ms) | growth / linear | load after the run (1, 5, 15 min) |",
         "|---:|---|---:|---:|---:|---|"]
for k, f, mean, per, lin in rows:
    lines.append(f"| {k} | {', '.join(f'{x:.2f}' for x in f)} | {mean:.2f} | {1000 * per:.1f} | {lin:.2f} | {loads[f'time-{k}']} |")
lines += ["", "growth / linear = (round time / the first row's) / (clients per round / the first row's): 1.00 is linear.", "",
          f"Live heap, the peak of full-GC histograms every 2 s while training: {clients} clients, 10 per round: "
          f"{p_many / 2**20:.1f} MiB ({s_many} samples); 10 clients, 10 per round: {p_few / 2**20:.1f} MiB ({s_few} samples); "
          f"difference {(p_many - p_few) / 2**20:+.1f} MiB, {(p_many - p_few) / (clients - 10):+,.0f} bytes per added client. "
          f"The {clients} clients' own objects (org.fatecg.fl.*Client, shallow sizes, last histogram) are {n_obj} instances, "
          f"{b_obj:,} bytes, {b_obj / max(n_obj, 1):.0f} bytes each; a client's shard is an array of indices into the one "
          f"beat set, so the shards together are the same int[] of all training beats whatever the count. "
          f"{clients} clients, {most} per round: {p_most / 2**20:.1f} MiB ({s_most} samples), so "
          f"{per_update / 2**20:.2f} MiB more per client taking part in a round (its update, held until FedAvg).",
          f"Load after the heap runs: {loads['heap-many']}; {loads['heap-few']}; {loads['heap-most']}."]
open(out + ".md", "w").write("\n".join(lines) + "\n")
with open(out + ".csv", "w") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["clients", "clients_per_round", "federation", "round_fit_s", "mean_later_round_s", "per_client_ms", "growth_over_linear"])
    for k, f, mean, per, lin in rows:
        w.writerow([clients, k, federation, " ".join(f"{x:.3f}" for x in f), f"{mean:.3f}", f"{1000 * per:.2f}", f"{lin:.3f}"])
print("\n".join(lines))
EOF
echo "scale: wrote $out.md and $out.csv" >&2
