"""fatecg ServerApp: the FAT-for-ECG protocol with Flower's own strategies.

Each round the strategy samples fraction-train of the connected nodes for "train" (config: fat,
local-epochs, batch-size, lr, train-pgd-*, server-round) and asks fraction-evaluate of them to
"evaluate" the new global model (config: attacks, server-round). fatecg nodes reply
num-examples, accuracy-<condition> and confusion-<condition> (5x5 counts, truth-major); the
counts are summed over nodes, so the accuracies are exact for the union of the nodes' test beats.
Writes <out-dir>/flower-run.json after every round and <out-dir>/final.npz at the end
(atomically). `fatecg flower-report <out-dir>` turns them into fatecg's report.
"""
import json
import os
import time
from pathlib import Path

import numpy as np

from flwr.app import Array, ArrayRecord, ConfigRecord, Context, MetricRecord
from flwr.common import inflatable_utils
from flwr.server.grid import grpc_grid
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg, FedMedian, FedTrimmedAvg, Krum

app = ServerApp()
CLASSES = 5


STARTED = time.monotonic()


def per_node_train(records, weight_key):
    """Train replies -> one MetricRecord: the sample-weighted train-loss, and each reply's partition-id,
    num-examples and train-loss (in reply order) so that the report can list who trained; plus the
    seconds since the app started, from which the report derives each round's wall time."""
    ids, examples, losses = [], [], []
    for rd in records:
        for metrics in rd.metric_records.values():
            ids.append(int(metrics.get("partition-id", -1)))
            examples.append(int(metrics["num-examples"]))
            losses.append(float(metrics.get("train-loss", 0.0)))
    n = sum(examples)
    out = MetricRecord({"train-loss": float(np.dot(examples, losses) / n) if n else 0.0,
                        "partition-ids": ids, "client-examples": examples, "client-losses": losses,
                        "at-seconds": time.monotonic() - STARTED})
    return out


def sum_confusions(records, weight_key):
    """Evaluate replies -> one MetricRecord: num-examples, confusion counts and the as-published
    batch sums (sum of per-batch macro P, R, F1 and the batch count) summed over nodes, the exact
    dataset-level accuracy from the counts, and the seconds since the app started."""
    total = {}
    for rd in records:
        for metrics in rd.metric_records.values():
            for key, value in metrics.items():
                if key == "num-examples" or key.startswith("confusion-"):
                    v = np.asarray(value, dtype=np.int64)
                    total[key] = total.get(key, 0) + v
                elif key.startswith("published-"):
                    total[key] = total.get(key, 0) + np.asarray(value, dtype=np.float64)
    out = MetricRecord()
    for key, v in total.items():
        if key.startswith("published-"):
            out[key] = [float(x) for x in v]
            continue
        out[key] = int(v) if np.ndim(v) == 0 else [int(x) for x in v]
        if key.startswith("confusion-"):
            c = np.asarray(v).reshape(CLASSES, CLASSES)
            out["accuracy-" + key[len("confusion-"):]] = float(np.trace(c) / max(1, c.sum()))
    out["at-seconds"] = time.monotonic() - STARTED
    return out


def make_strategy(cfg):
    common = dict(
        fraction_train=float(cfg["fraction-train"]),
        fraction_evaluate=float(cfg["fraction-evaluate"]),
        min_train_nodes=int(cfg["min-nodes"]),
        min_evaluate_nodes=int(cfg["min-nodes"]),
        min_available_nodes=int(cfg["min-nodes"]),
        train_metrics_aggr_fn=per_node_train,
        evaluate_metrics_aggr_fn=sum_confusions,
    )
    name = str(cfg["strategy"])
    if name == "fedavg":
        return FedAvg(**common)
    if name == "median":
        return FedMedian(**common)
    if name == "trimmed-mean":
        return FedTrimmedAvg(beta=float(cfg["trim-fraction"]), **common)
    if name == "krum":
        return Krum(num_malicious_nodes=int(cfg["byzantine"]), **common)
    raise ValueError(f"strategy '{name}': expected fedavg, median, trimmed-mean or krum")


class PromptGrid:
    """The run's Grid, except that send_and_receive asks for replies every `poll` seconds instead of
    Flower 1.26's fixed 3 s (grpc_grid.py), which adds 1.5 s on average to each train and evaluate
    phase. Same calls otherwise: push the messages, pull until every reply (or an error reply for a
    node that went away) is in or the timeout has passed."""

    def __init__(self, grid: Grid, poll: float):
        self._grid, self._poll = grid, poll

    def __getattr__(self, name):
        return getattr(self._grid, name)

    def send_and_receive(self, messages, *, timeout=None):
        pending = set(self._grid.push_messages(messages))
        end = time.time() + (timeout if timeout is not None else 0.0)
        replies = []
        while timeout is None or time.time() < end:
            got = list(self._grid.pull_messages(pending))
            replies.extend(got)
            pending.difference_update(m.metadata.reply_to_message_id for m in got)
            if not pending:
                break
            time.sleep(self._poll)
        return replies


def retry_reply_objects_every(seconds: float) -> None:
    """A reply is visible to the ServerApp as soon as the node's PushMessages stored it, while the node
    is still pushing its objects; the Grid then asks for a missing object again after Flower 1.26's
    PULL_INITIAL_BACKOFF of 1 s, doubling. One such miss cost a train round about 1.3 s in a 3.6 s round
    (flower-app/overhead.sh). This starts the retries at `seconds` instead, doubling to 1 s: the Grid's
    own pull_objects with its own parameters, in this ServerApp's process only; Flower itself and
    its strategies are unchanged."""
    def pull_objects(*args, **kwargs):
        kwargs.setdefault("initial_backoff", seconds)
        kwargs.setdefault("backoff_cap", 1.0)
        return inflatable_utils.pull_objects(*args, **kwargs)

    grpc_grid.pull_objects = pull_objects


def write_atomic(path: Path, write) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


@app.main()
def main(grid: Grid, context: Context) -> None:
    cfg = context.run_config
    out = Path(str(cfg["out-dir"]))
    if not str(cfg["out-dir"]) or not str(cfg["initial-weights"]):
        raise ValueError("run config needs out-dir and initial-weights")
    out.mkdir(parents=True, exist_ok=True)
    global STARTED
    STARTED = time.monotonic()
    retry_reply_objects_every(float(cfg["reply-poll-interval"]) / 4)
    with np.load(str(cfg["initial-weights"])) as f:
        initial = {k: f[k].astype(np.float32) for k in f.files}
    train_cfg = {k: cfg[k] for k in ("fat", "local-epochs", "batch-size", "lr", "train-pgd-eps",
                                      "train-pgd-alpha", "train-pgd-steps")}
    doc = {"status": "running", "run_id": str(context.run_id), "rounds": int(cfg["num-server-rounds"]),
           "strategy": str(cfg["strategy"]), "config": {k: v for k, v in cfg.items()}}
    try:
        result = make_strategy(cfg).start(
            grid=PromptGrid(grid, float(cfg["reply-poll-interval"])),
            initial_arrays=ArrayRecord({k: Array(v) for k, v in initial.items()}),
            num_rounds=int(cfg["num-server-rounds"]),
            timeout=float(cfg["round-timeout"]),
            train_config=ConfigRecord(train_cfg),
            evaluate_config=ConfigRecord({"attacks": str(cfg["attacks"])}),
        )
        final = {k: a.numpy() for k, a in result.arrays.items()}
        write_atomic(out / "final.npz", lambda p: np.savez(open(p, "wb"), **final))
        doc.update(status="ok", nodes_seen=sorted(str(i) for i in grid.get_node_ids()),
                   train={str(r): dict(m) for r, m in sorted(result.train_metrics_clientapp.items())},
                   evaluate={str(r): dict(m) for r, m in sorted(result.evaluate_metrics_clientapp.items())})
    except Exception as err:
        doc.update(status="error", error=repr(err))
        raise
    finally:
        write_atomic(out / "flower-run.json", lambda p: p.write_text(json.dumps(doc, indent=1) + "\n"))
