"""fatecg ClientApp, for Flower's own Python SuperNodes only (fatecg nodes never run it).

A participant without ECG beats, for checking that fatecg nodes and Flower's nodes can share a
run: train returns the global arrays unchanged with num-examples 0 (so FedAvg gives it no
weight), evaluate replies zero counts under the keys fatecg nodes use.
"""
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context) -> Message:
    metrics = MetricRecord({"num-examples": 0, "train-loss": 0.0, "partition-id": -1})
    return Message(RecordDict({"arrays": ArrayRecord(dict(msg.content["arrays"].items())), "metrics": metrics}), reply_to=msg)


@app.evaluate()
def evaluate(msg: Message, context: Context) -> Message:
    metrics = {"num-examples": 0}
    for cond in str(msg.content["config"]["attacks"]).split(","):
        metrics["accuracy-" + cond.strip()] = 0.0
        metrics["confusion-" + cond.strip()] = [0] * 25
        metrics["published-" + cond.strip()] = [0.0] * 4
    return Message(RecordDict({"metrics": MetricRecord(metrics)}), reply_to=msg)
