#!/usr/bin/env bash
# The same experiment three ways, on one host, with the same sampling: a real Flower federation of N
# `fatecg supernode` processes over plaintext gRPC, the same over TLS with SuperNode authentication,
# and fatecg's in-process simulation (`fatecg run`) replaying the nodes each Flower run drew
# (`--participants` with that run's flower-run.json). Same settings as the quick preset, same seed,
# same partitions (node i holds client i's shard and the i-th tenth of the 1,000 test beats, which the
# ServerApp sums back to the simulation's whole test subset). Prints the last round's accuracies side
# by side and the mean round time.
#
#   FLOWER_RIG=../shared/flower flower-app/compare.sh [WORK_DIR]
#
# Needs a Flower SuperLink setup: FLOWER_RIG is a folder with superlink.sh, gen-keys.sh,
# register-node.sh, submit-run.sh, stop.sh (the test rig), see the README section "Run a real
# federation" for doing the same with `pip install flwr==1.26.1`. Env: FEDERATIONS (nonfat,fat),
# MODES (insecure tls-auth), NODES (10), ROUNDS (10), DATA (the MIT-BIH folder), NODE_JAVA_OPTS (each
# node's JVM: -Xmx600m -XX:+UseSerialGC; a node holds its partition and the model, about 400 MB
# resident), NODE_THREADS (1: the nodes that train in a round run side by side, one core each),
# SIM_JAVA_OPTS (-Xmx4g), CLIENTS_PER_ROUND (2, the quick preset: Flower's fraction-train is
# CLIENTS_PER_ROUND/NODES), NODE_POLL (0.2 s between a node's asks for messages). Flower draws the
# nodes of each round (a Non-FAT and a FAT run draw apart, and so do the two modes); each mode's
# simulation trains exactly those clients, so every Flower run is compared with a simulation of the
# same draw. A WORK_DIR that already holds a finished Flower run (flower-MODE/FED/flower-run.json,
# status ok) or a simulation (simulation-MODE-FED/run.json) keeps it (to add a mode later, or to simulate
# again without running Flower again). Every process it starts it stops again, by process group, also
# on error or Ctrl-C.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RIG=$(cd "${FLOWER_RIG:-$here/../shared/flower}" && pwd)
WORK=$(mkdir -p "${1:-$(mktemp -d)}" && cd "${1:-.}" && pwd)
FEDERATIONS=${FEDERATIONS:-nonfat,fat}
MODES=${MODES:-insecure tls-auth}
NODES=${NODES:-10}
ROUNDS=${ROUNDS:-10}
DATA=${DATA:-${FATECG_DATA:-}}
# ./fatecg gives each JVM -Xmx8g unless FATECG_JAVA_OPTS says otherwise: ten nodes at 8 GB each do not
# fit a 24 GB host, so every JVM here gets its own small heap.
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx600m -XX:+UseSerialGC}
NODE_THREADS=${NODE_THREADS:-1}
SIM_JAVA_OPTS=${SIM_JAVA_OPTS:--Xmx4g}
CLIENTS_PER_ROUND=${CLIENTS_PER_ROUND:-2}
NODE_POLL=${NODE_POLL:-0.2}
data_opt=(); [ -n "$DATA" ] && data_opt=(--data "$DATA")
fatecg="$here/fatecg"
node_pids=()

# Each node runs in its own process group (setsid), led by its launcher: SIGTERM to the group reaches
# the JVM itself (which then signs off), not only the launcher's bash.
stop_nodes() {
  for p in "${node_pids[@]:-}"; do [ -n "$p" ] && kill -TERM -- "-$p" 2>/dev/null || true; done
  for p in "${node_pids[@]:-}"; do
    [ -n "$p" ] || continue
    for _ in $(seq 1 30); do kill -0 -- "-$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$p" 2>/dev/null || true
  done
  node_pids=()
}
cleanup() { stop_nodes; [ -n "${FLOWER_WORK:-}" ] && bash "$RIG/stop.sh" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "compare: work folder $WORK"
export FATECG_JAVA_OPTS="$SIM_JAVA_OPTS"
"$fatecg" --version >/dev/null # builds the jar once
"$fatecg" flower-init --seed 0 --out "$WORK/initial.npz" >/dev/null

# 1. and 2. real Flower federations, on ports apart from the rig's defaults (tests may use those)
finished() { [ -f "$1/flower-run.json" ] && grep -q '"status": "ok"' "$1/flower-run.json"; }
export FLOWER_SERVERAPPIO_PORT=${FLOWER_SERVERAPPIO_PORT:-9191} FLOWER_FLEET_PORT=${FLOWER_FLEET_PORT:-9192}
export FLOWER_CONTROL_PORT=${FLOWER_CONTROL_PORT:-9193} FLOWER_HEALTH_PORT=${FLOWER_HEALTH_PORT:-9198}
export FLOWER_CLIENTAPPIO_PORT=${FLOWER_CLIENTAPPIO_PORT:-9194}
for mode in $MODES; do
  export FLOWER_WORK="$WORK/flower-$mode"
  todo=(); for fed in ${FEDERATIONS//,/ }; do finished "$FLOWER_WORK/$fed" || todo+=("$fed"); done
  if [ ${#todo[@]} -eq 0 ]; then
    echo "compare: keeping the Flower runs in $FLOWER_WORK"
  else
    rm -rf "$FLOWER_WORK/keys"
    mkdir -p "$FLOWER_WORK/logs"
    bash "$RIG/superlink.sh" "$mode" >/dev/null
    fleet=$(grep '^FLOWER_FLEET_ADDRESS=' "$FLOWER_WORK/superlink.env" | cut -d= -f2- | tr -d "'\"")
    ca=$(grep '^FLOWER_CA=' "$FLOWER_WORK/superlink.env" | cut -d= -f2- | tr -d "'\"")
    for i in $(seq 0 $((NODES - 1))); do
      sec=(--insecure)
      if [ "$mode" != insecure ]; then sec=(--root-certificates "$ca"); fi
      if [ "$mode" = tls-auth ]; then
        bash "$RIG/gen-keys.sh" "site$i" >/dev/null
        bash "$RIG/register-node.sh" "$FLOWER_WORK/keys/site$i.pub" >/dev/null
        sec+=(--auth-private-key "$FLOWER_WORK/keys/site$i.pk8.pem" --auth-public-key "$FLOWER_WORK/keys/site$i.spki.pem")
      fi
      FATECG_JAVA_OPTS="$NODE_JAVA_OPTS" setsid "$fatecg" supernode --superlink "$fleet" "${sec[@]}" \
        --partition-id "$i" --num-partitions "$NODES" --seed 0 --threads "$NODE_THREADS" --poll-interval "$NODE_POLL" \
        "${data_opt[@]}" \
        >"$FLOWER_WORK/logs/site$i.log" 2>&1 &
      node_pids+=($!)
    done
    # every node joined before the run starts, so that the strategy samples among all of them
    for _ in $(seq 1 900); do
      joined=$( (grep -l "supernode: joined" "$FLOWER_WORK"/logs/site*.log 2>/dev/null || true) | wc -l)
      [ "$joined" -ge "$NODES" ] && break
      sleep 1
    done
    [ "$joined" -ge "$NODES" ] || { echo "compare: only $joined of $NODES nodes joined ($mode)" >&2; exit 1; }
    for fed in "${todo[@]}"; do
      fat=false; [ "$fed" = fat ] && fat=true
      out="$FLOWER_WORK/$fed"
      rm -rf "$out"
      t0=$(date +%s)
      bash "$RIG/submit-run.sh" "$here/flower-app" "initial-weights=\"$WORK/initial.npz\" out-dir=\"$out\" \
num-server-rounds=$ROUNDS fat=$fat fraction-train=$(python3 -c "print($CLIENTS_PER_ROUND/$NODES)") min-nodes=2 round-timeout=1800 \
local-epochs=2 batch-size=32 lr=0.001 train-pgd-steps=3" >/dev/null
      until [ -f "$out/flower-run.json" ] && ! grep -q '"status": "running"' "$out/flower-run.json"; do sleep 2; done
      finished "$out" || { echo "compare: $mode $fed failed: $out/flower-run.json" >&2; exit 1; }
      echo "compare: $mode $fed done in $(( $(date +%s) - t0 )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    done
    stop_nodes
    bash "$RIG/stop.sh" >/dev/null
  fi
  dirs=(); for fed in ${FEDERATIONS//,/ }; do dirs+=("$FLOWER_WORK/$fed"); done
  "$fatecg" flower-report --out "$WORK/report-$mode" "${dirs[@]}" >/dev/null
done
unset FLOWER_WORK

# 3. the in-process simulation of the quick preset, once per Flower run, training the clients that run
# drew (flower-run.json: partition-ids per round; partition i is client i)
for mode in $MODES; do
  for fed in ${FEDERATIONS//,/ }; do
    sim="$WORK/simulation-$mode-$fed"
    if [ -f "$sim/run.json" ]; then
      echo "compare: keeping the simulation in $sim"
      continue
    fi
    t0=$(date +%s)
    "$fatecg" run --preset quick --seed 0 --federations "$fed" --rounds "$ROUNDS" --clients "$NODES" \
      --clients-per-round "$CLIENTS_PER_ROUND" --participants "$WORK/flower-$mode/$fed/flower-run.json" \
      "${data_opt[@]}" --replace --out "$sim" >"$sim.log" 2>&1
    echo "compare: simulation of the $mode $fed draws done in $(( $(date +%s) - t0 )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  done
done

# last-round accuracies side by side (metrics.csv: federation,round,condition,beats,accuracy,...)
python3 - "$WORK" "$ROUNDS" "$FEDERATIONS" $MODES <<'PY'
import csv, json, re, sys, pathlib
work, rounds, feds, modes = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3].split(","), sys.argv[4:]
def acc(folder):
    return {(r["federation"], r["condition"]): 100 * float(r["accuracy"])
            for r in csv.DictReader(open(folder / "metrics.csv")) if r["round"] == rounds}
print(f"round {rounds} accuracy (%), Flower against the simulation of the same draws:")
print("federation condition | " + " | ".join(f"{m}: simulation, Flower (difference)" for m in modes))
sims = {m: {} for m in modes}
for m in modes:
    for fed in feds:
        sims[m].update(acc(work / f"simulation-{m}-{fed}"))
fls = {m: acc(work / f"report-{m}") for m in modes}
worst = 0.0
for key in sims[modes[0]]:
    cells = []
    for m in modes:
        s, v = sims[m].get(key, float("nan")), fls[m].get(key, float("nan"))
        worst = max(worst, abs(v - s))
        cells.append(f"{s:6.2f} {v:6.2f} ({v - s:+.2f})")
    print(f"{key[0]:8s} {key[1]:6s} | " + " | ".join(cells))
print(f"largest difference: {worst:.2f} points")

# The final weights: the Flower run's final.npz against the simulation's models/<federation>.safetensors
# (same draw, same partitions, FedAvg in the same float32 arithmetic: they should be equal bit for bit;
# the accuracies can still differ a little, since PGD's random start and CW's early stop go by batch,
# and a node's batches are its own tenth of the test beats).
def safetensors(path):
    import struct
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header, base = json.loads(raw[8:8 + n]), 8 + n
    return {k: raw[base + v["data_offsets"][0]:base + v["data_offsets"][1]]
            for k, v in header.items() if k != "__metadata__"}
try:
    import numpy as np
except ImportError:
    np = None
for m in modes:
    for fed, model in (("nonfat", "non-fat"), ("fat", "fat")):
        if fed not in feds:
            continue
        if np is None:
            print("final weights: not compared (no numpy)")
            break
        sim = safetensors(work / f"simulation-{m}-{fed}" / "models" / f"{model}.safetensors")
        with np.load(work / f"flower-{m}" / fed / "final.npz") as fl:
            total = sum(fl[k].size for k in fl.files)
            differ = sum(int((np.frombuffer(sim[k], dtype="<i4") != fl[k].astype("<f4").ravel().view("<i4")).sum())
                         if k in sim else fl[k].size for k in fl.files)
        print(f"final weights {m} {fed}: {differ} of {total} parameters differ in bits from the simulation's")

# Round times, rounds 2..R (round 1 also holds the JIT's warm-up and Flower's first message delivery):
# the simulation's fit + eval per round (run.json) against the ServerApp's clock (flower-run.json
# at-seconds: every evaluate reply in). The two split the same work differently (the simulation trains
# its clients one after another on all threads, the nodes train side by side on one thread each), so
# Flower's own cost is also given within its run: each round's wall time against the nodes' critical
# path, the slowest train plus the slowest evaluate reply (the seconds each node logs per reply).
# flower-app/overhead.sh measures the overhead itself (one node against one simulated client).
R = int(rounds)
first = 2 if R > 1 else 1
for fed, name in (("nonfat", "Non-FAT"), ("fat", "FAT")):
    if fed not in feds:
        continue
    cells = []
    for m in modes:
        sim_t = json.load(open(work / f"simulation-{m}-{fed}" / "run.json"))["timings"]
        rs = [r for r in sim_t[name]["rounds"] if r["round"] >= first]
        s_mean = sum(r["fit_s"] + r["eval_s"] for r in rs) / len(rs)
        doc = json.load(open(work / f"flower-{m}" / fed / "flower-run.json"))
        ends = [0.0] + [doc["evaluate"][str(r)]["at-seconds"] for r in range(1, R + 1)]
        f_mean = (ends[-1] - ends[first - 1]) / (R - first + 1)
        train = {r: [0.0] for r in range(1, R + 2)}
        ev = {r: [0.0] for r in range(1, R + 2)}
        for log in (work / f"flower-{m}" / "logs").glob("site*.log"):
            r = 1  # a node's k-th evaluate reply closes round k; a train reply belongs to the round it opens
            for line in open(log):
                hit = re.search(r"replied to (train|evaluate) of run (\d+) in ([\d.]+) s", line)
                if not hit or hit.group(2) != doc["run_id"]:
                    continue
                (train if hit.group(1) == "train" else ev)[r].append(float(hit.group(3)))
                r += hit.group(1) == "evaluate"
        crit = sum(max(train[r]) + max(ev[r]) for r in range(first, R + 1)) / (R - first + 1)
        cells.append(f"{m}: simulation {s_mean:.1f} s, Flower {f_mean:.1f} s (nodes' critical path {crit:.1f} s, "
                     f"Flower's share {100 * (f_mean / crit - 1):+.1f}%)")
    if cells:
        print(f"mean round time {name}: " + " | ".join(cells))
PY
