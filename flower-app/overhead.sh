#!/usr/bin/env bash
# What a Flower round costs against an in-process round with the same work, as a ratio measured in one
# script so that a shared machine's load falls on both alike: A is a Flower run of ONE `fatecg supernode`
# (partition P of 10, one thread) behind a real SuperLink on 127.0.0.1; B is `fatecg run` training
# the same client (--participants: A's own flower-run.json, so the same partition every round) on one
# thread with the same rounds, the same local training (quick preset: Non-FAT, or FAT=true, 2 epochs, batch 32) and
# the same evaluation work (100 test beats, the node's tenth of the quick preset's 1,000, under
# ATTACKS). The pairs run alternately, A B A B ..., PAIRS times; each run's round time is the mean over
# rounds 2..R (round 1 holds the JIT's warm-up; JVM start and data loading are per run, not per round,
# and left out on both sides). A's round is the ServerApp's clock from one round's last evaluate reply
# to the next (train message out, node trains, new weights back, FedAvg, evaluate message out, node
# evaluates, metrics back); B's is the simulation's fit + evaluate seconds (run.json). Prints every
# run, the median of each side and the ratio.
#
#   FLOWER_RIG=../shared/flower DATA=~/mitdb flower-app/overhead.sh [WORK_DIR]
#
# Env: PAIRS (2), ROUNDS (4), PARTITION (3), ATTACKS (clean,pgd,fgsm,bim: CW is left out by default
# because its batch-level early stop makes its work depend on which 100 beats are evaluated, and the
# node's tenth of the test subset is not the simulation's 100), MODE (insecure; or tls, tls-auth),
# JAVA_OPTS (-Xmx1g -XX:+UseSerialGC, both sides), POLL (0.2: seconds between the node's asks for
# messages and between the ServerApp's asks for replies), FAT (false; true: FAT rounds, the quick preset's
# PGD-3 adversarial training, on both sides). Stops everything it started, by process group.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RIG=$(cd "${FLOWER_RIG:-$here/../shared/flower}" && pwd)
WORK=$(mkdir -p "${1:-$(mktemp -d)}" && cd "${1:-.}" && pwd)
PAIRS=${PAIRS:-2}
ROUNDS=${ROUNDS:-4}
PARTITION=${PARTITION:-3}
ATTACKS=${ATTACKS:-clean,pgd,fgsm,bim}
MODE=${MODE:-insecure}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}
POLL=${POLL:-0.2}
FAT=${FAT:-false}
case "$FAT" in
  true) federation=fat; timings=FAT ;;
  false) federation=nonfat; timings=Non-FAT ;;
  *) echo "overhead: FAT must be true or false, got '$FAT'" >&2; exit 2 ;;
esac
DATA=${DATA:-${FATECG_DATA:-}}
data_opt=(); [ -n "$DATA" ] && data_opt=(--data "$DATA")
fatecg="$here/fatecg"
node_pid=

stop_node() {
  [ -n "$node_pid" ] || return 0
  kill -TERM -- "-$node_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 -- "-$node_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$node_pid" 2>/dev/null || true
  node_pid=
}
cleanup() { stop_node; [ -n "${FLOWER_WORK:-}" ] && bash "$RIG/stop.sh" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

export FATECG_JAVA_OPTS="$JAVA_OPTS"
"$fatecg" --version >/dev/null # builds the jar once
"$fatecg" flower-init --seed 0 --out "$WORK/initial.npz" >/dev/null
export FLOWER_SERVERAPPIO_PORT=${FLOWER_SERVERAPPIO_PORT:-9291} FLOWER_FLEET_PORT=${FLOWER_FLEET_PORT:-9292}
export FLOWER_CONTROL_PORT=${FLOWER_CONTROL_PORT:-9293} FLOWER_HEALTH_PORT=${FLOWER_HEALTH_PORT:-9298}
export FLOWER_CLIENTAPPIO_PORT=${FLOWER_CLIENTAPPIO_PORT:-9294}

flower_run() { # $1: the run's folder
  export FLOWER_WORK="$1/rig"
  mkdir -p "$FLOWER_WORK/logs"
  bash "$RIG/superlink.sh" "$MODE" >/dev/null
  fleet=$(grep '^FLOWER_FLEET_ADDRESS=' "$FLOWER_WORK/superlink.env" | cut -d= -f2- | tr -d "'\"")
  ca=$(grep '^FLOWER_CA=' "$FLOWER_WORK/superlink.env" | cut -d= -f2- | tr -d "'\"")
  sec=(--insecure)
  if [ "$MODE" != insecure ]; then sec=(--root-certificates "$ca"); fi
  if [ "$MODE" = tls-auth ]; then
    bash "$RIG/gen-keys.sh" site >/dev/null
    bash "$RIG/register-node.sh" "$FLOWER_WORK/keys/site.pub" >/dev/null
    sec+=(--auth-private-key "$FLOWER_WORK/keys/site.pk8.pem" --auth-public-key "$FLOWER_WORK/keys/site.spki.pem")
  fi
  setsid "$fatecg" supernode --superlink "$fleet" "${sec[@]}" --partition-id "$PARTITION" --num-partitions 10 \
    --test-beats 1000 --seed 0 --threads 1 --poll-interval "$POLL" "${data_opt[@]}" >"$FLOWER_WORK/logs/site.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 600); do grep -q "supernode: joined" "$FLOWER_WORK/logs/site.log" && break; sleep 0.5; done
  grep -q "supernode: joined" "$FLOWER_WORK/logs/site.log" || { echo "overhead: the node did not join" >&2; exit 1; }
  bash "$RIG/submit-run.sh" "$here/flower-app" "initial-weights=\"$WORK/initial.npz\" out-dir=\"$1\" \
num-server-rounds=$ROUNDS fat=$FAT fraction-train=1.0 fraction-evaluate=1.0 min-nodes=1 round-timeout=1800 \
local-epochs=2 batch-size=32 lr=0.001 reply-poll-interval=$POLL attacks=\"$ATTACKS\"" >/dev/null
  until [ -f "$1/flower-run.json" ] && ! grep -q '"status": "running"' "$1/flower-run.json"; do sleep 1; done
  grep -q '"status": "ok"' "$1/flower-run.json" || { echo "overhead: Flower run failed: $1/flower-run.json" >&2; exit 1; }
  stop_node
  bash "$RIG/stop.sh" >/dev/null
  unset FLOWER_WORK
}

simulated_run() { # $1: the run's folder, $2: the Flower run whose draw (partition P every round) it replays
  "$fatecg" run --preset quick --seed 0 --federations "$federation" --rounds "$ROUNDS" --clients 10 --clients-per-round 1 \
    --participants "$2/flower-run.json" --test-beats 100 --attacks "$ATTACKS" --threads 1 --device cpu \
    "${data_opt[@]}" --replace --out "$1" >"$1.log" 2>&1
}

for i in $(seq 1 "$PAIRS"); do
  flower_run "$WORK/flower-$i"
  echo "overhead: pair $i: Flower run done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  simulated_run "$WORK/simulation-$i" "$WORK/flower-$i"
  echo "overhead: pair $i: simulation done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done

python3 - "$WORK" "$PAIRS" "$ROUNDS" "$timings" <<'PY'
import json, statistics, sys, pathlib
work, pairs, R, federation = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
first = 2 if R > 1 else 1
fl, sim = [], []
for i in range(1, pairs + 1):
    doc = json.load(open(work / f"flower-{i}" / "flower-run.json"))
    ends = [doc["evaluate"][str(r)]["at-seconds"] for r in range(first - 1, R + 1) if r >= 1]
    if first == 1:
        ends = [0.0] + ends
    fl.append((ends[-1] - ends[0]) / (R - first + 1))
    rs = [r for r in json.load(open(work / f"simulation-{i}" / "run.json"))["timings"][federation]["rounds"]
          if r["round"] >= first]
    sim.append(sum(r["fit_s"] + r["eval_s"] for r in rs) / len(rs))
    print(f"pair {i}: Flower {fl[-1]:.2f} s a round, simulation {sim[-1]:.2f} s a round, ratio {fl[-1] / sim[-1]:.3f}")
f, s = statistics.median(fl), statistics.median(sim)
print(f"median round: Flower {f:.2f} s, in-process {s:.2f} s; Flower/in-process {f / s:.3f} ({100 * (f / s - 1):+.1f}%)")
PY
