"""Reads the rounds that bench/side-by-side.sh collected (fatecg bench's Markdown, the PyTorch peer's
JSON) and writes the ratio table as Markdown (stdout) and CSV (--csv): per phase and batch the best of
the rounds for each program, with the machine's GEMM peak and the FAT step's share of it.

    python3 bench/side_by_side.py --work DIR --rounds N --seconds S --csv FILE
    python3 bench/side_by_side.py --self-test
"""
import argparse
import csv
import io
import json
import os
import sys

# (fatecg bench column, the peer's phase name, label in the table)
PHASES = [("forward", "infer", "forward"), ("train step", "train", "train step"), ("PGD-20", "pgd20", "PGD-20"),
          ("FAT step", "fat", "FAT step"), ("FGSM", "fgsm", "FGSM"), ("BIM-10", "bim10", "BIM-10"),
          ("CW-50 (steps run)", "cw50", "CW-50 (per 50 steps)")]
CW = "CW-50 (steps run)"
FAT_RATE = "FAT GFLOP/s (of GEMM peak)"
CW_STEPS = 50


def _number(text, what):
    try:
        return float(text.split()[0].replace(",", ""))
    except (ValueError, IndexError):
        raise ValueError(f"{what}: '{text}' is not a number")


def _tables(text):
    """The Markdown tables of a text, each as (header cells, [row cells])."""
    tables, header, rows = [], None, []
    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line.startswith("|"):
            if header:
                tables.append((header, rows))
            header, rows = None, []
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if header is None:
            header = cells
        elif not all(set(c) <= set(":- ") for c in cells):
            rows.append(cells)
    return tables


def parse_fatecg(text, source="fatecg bench output"):
    """From `fatecg bench --out`: {"rates": {(column, batch): samples/s}, "cw_steps": {batch: steps run},
    "fat_gflops": {batch: GFLOP/s}, "gemm_peak": best fast GEMM GFLOP/s}. CW's rate is scaled to 50 steps
    (rate x steps run / 50), since fatecg stops CW early when its cost rises and the peer never does."""
    rates, cw_steps, fat_gflops, peak = {}, {}, {}, None
    for header, rows in _tables(text):
        if header[0].startswith("GEMM"):
            col = header.index("fast (GFLOP/s)")
            peak = max(_number(r[col], f"{source}: GEMM {r[0]}") for r in rows)
        elif header[0] == "batch" and "FAT step" in header:
            for r in rows:
                try:
                    batch = int(r[0])
                except ValueError:
                    raise ValueError(f"{source}: batch cell '{r[0]}' is not an integer")
                for col, _, _ in PHASES:
                    if col not in header:
                        if col == CW:
                            continue
                        raise ValueError(f"{source}: column '{col}' missing from the model table")
                    cell = r[header.index(col)]
                    value = _number(cell, f"{source}: column '{col}', batch {batch}")
                    if col == CW:
                        steps = cell.split("(")[-1].rstrip(")") if "(" in cell else ""
                        if not steps.isdigit() or not 0 < int(steps) <= CW_STEPS:
                            raise ValueError(f"{source}: CW cell '{cell}' at batch {batch} lacks '(steps run)'")
                        cw_steps[batch] = int(steps)
                        value *= int(steps) / CW_STEPS
                    rates[(col, batch)] = value
                if FAT_RATE in header:
                    fat_gflops[batch] = _number(r[header.index(FAT_RATE)], f"{source}: FAT GFLOP/s, batch {batch}")
    if not rates:
        raise ValueError(f"{source}: no model table (a header row starting with 'batch')")
    if peak is None:
        raise ValueError(f"{source}: no GEMM table")
    return {"rates": rates, "cw_steps": cw_steps, "fat_gflops": fat_gflops, "gemm_peak": peak}


def parse_torch(doc, source="peer JSON"):
    """{(peer phase, batch): samples/s} from bench_torch.py --out, from each cell's best repetition
    (B / min_s), as fatecg bench keeps its best timed slice."""
    out = {}
    for r in doc.get("results", []):
        try:
            out[(str(r["bench"]), int(r["B"]))] = int(r["B"]) / float(r["min_s"])
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            raise ValueError(f"{source}: result entry {r!r} lacks bench, B or a positive min_s")
    if not out:
        raise ValueError(f"{source}: no results")
    return out


def best(runs):
    merged = {}
    for run in runs:
        for k, v in run.items():
            merged[k] = max(merged.get(k, 0.0), v)
    return merged


def cpu_info(cpuinfo):
    """Model, family, model number and vector width from /proc/cpuinfo."""
    fields, flags = {}, set()
    for line in cpuinfo.splitlines():
        k, _, v = line.partition(":")
        k = k.strip()
        if k in ("model name", "cpu family", "model") and k not in fields:
            fields[k] = v.strip()
        if k == "flags" and not flags:
            flags = set(v.split())
    width = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return {"model_name": fields.get("model name", "?"), "family": fields.get("cpu family", "?"),
            "model": fields.get("model", "?"), "vectors": width,
            "flags": " ".join(f for f in ("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_bf16")
                              if f in flags) or "none of avx2/fma/avx512*"}


def cpu_label(info):
    return f"{info['model_name']}, cpu family {info['family']} model {info['model']}, {info['vectors']}"


def cells(fatecg, torch):
    """[(batch, label, fatecg, torch, ratio, comparable)] in table order."""
    out = []
    for b in sorted({k[1] for k in fatecg}):
        for col, op, label in PHASES:
            f, t = fatecg.get((col, b)), torch.get((op, b))
            if f is None or t is None:
                continue
            out.append((b, label, f, t, f / t, col != CW))
    return out


def table(rows):
    lines = ["| batch | phase | fatecg (samples/s) | PyTorch (samples/s) | fatecg / PyTorch | >= 2x |",
             "|---:|---|---:|---:|---:|---|"]
    for b, label, f, t, ratio, comparable in rows:
        verdict = ("yes" if ratio >= 2 else "no") if comparable else "not like for like (see notes)"
        lines.append(f"| {b} | {label} | {f:,.0f} | {t:,.0f} | {ratio:.2f}x | {verdict} |")
    return "\n".join(lines)


def csv_text(rows, cpu, date):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", "cpu", "family", "model", "vectors", "batch", "phase", "fatecg_samples_per_s",
                "pytorch_samples_per_s", "ratio", "like_for_like"])
    for b, label, f, t, ratio, comparable in rows:
        w.writerow([date, cpu["model_name"], cpu["family"], cpu["model"], cpu["vectors"], b, label,
                    f"{f:.1f}", f"{t:.1f}", f"{ratio:.3f}", "yes" if comparable else "no"])
    return buf.getvalue()


NOTES = """Phase definitions (fatecg `fatecg bench`, the peer `bench_torch.py`; both the paper CNN of 410,021
parameters on B uniform random beats [B,1,180], float32, 2 threads each):
- forward: one forward pass without a graph (fatecg `Grad.off`, PyTorch `no_grad`, eval mode). Same.
- train step: forward, CE, backward, one Adam step. Same.
- PGD-20: eps 8/255, alpha 1/255, uniform random start, 20 gradient-sign steps with the gradient taken
  for the input only (fatecg `Autograd.grad`, PyTorch `torch.autograd.grad`). Same.
- FAT step: PGD-20 on B beats, then one Adam step on the 2B concatenation of clean and adversarial
  beats. Same (fatecg concatenates [x_adv ; x], PyTorch [x ; x_adv]; the order does not change the work).
- FGSM: one input gradient, eps 8/255, no random start. BIM-10: alpha 2/255, 10 steps. Same.
- CW-50: NOT like for like, so it is timed only with --with-cw and never enters the verdict. Neither program has trained weights here.
  The peer never stops early (its early stop is off) and calls `cost.backward()`, which also computes
  the weight gradients it does not use (about twice the backward work of an input gradient); fatecg
  takes the input gradient only and stops when its cost rises, on a random model after a few steps.
  fatecg's rate is scaled to 50 steps (rate x steps run / 50; the steps are given below).
- Timing: fatecg keeps, per round, its best of 5 timed slices (each `--seconds`/5 long, after
  `--seconds`/2 of warm-up); the peer, per round, its best repetition (7 repetitions of at least 0.3 s
  for the cheap phases after 2-5 warm-up calls, 5 single calls for PGD-20, FAT and CW-50 after one).
  Each cell is the best round of each program.
- FLOP accounting of the FAT step (fatecg's, used for the GEMM-peak share): 20 x (forward + input
  gradient) on B beats plus forward and both gradients on 2B = 46 forward-equivalents per beat, a
  forward being 2.68 MFLOP (2 x multiply-adds of the convolutions and linears)."""


def report(work, rounds, seconds, command, wall_s):
    read = lambda name: open(os.path.join(work, name)).read()
    fatecg_runs = [parse_fatecg(read(f"fatecg-{r}.md"), f"fatecg round {r}") for r in range(1, rounds + 1)]
    torch_docs = [json.loads(read(f"torch-{r}.json")) for r in range(1, rounds + 1)]
    torch_runs = [parse_torch(d, f"peer round {r}") for r, d in enumerate(torch_docs, 1)]
    cpu = cpu_info(read("cpuinfo"))
    date = read("date").strip()
    sysinfo = torch_docs[0].get("system", {})
    rows = cells(best([f["rates"] for f in fatecg_runs]), best(torch_runs))
    peak = max(f["gemm_peak"] for f in fatecg_runs)
    fat = best([f["fat_gflops"] for f in fatecg_runs])
    out = [f"# fatecg vs PyTorch 1.13, side by side: {cpu_label(cpu)}, {os.cpu_count()} cores\n",
           f"- date: {date}; command: `{command}`; wall {wall_s} s",
           f"- CPU: {cpu['model_name']}, cpu family {cpu['family']} model {cpu['model']}; vector flags: "
           f"{cpu['flags']} (widest: {cpu['vectors']}); {os.cpu_count()} logical CPUs; "
           f"{read('lscpu-extra').strip()}",
           f"- fatecg: {read('fatecg-1.md').splitlines()[0].strip()}; JDK: {read('jdk').splitlines()[0].strip()}",
           f"- PyTorch {sysinfo.get('torch', '?')}, {sysinfo.get('torch_num_threads', '?')} threads, oneDNN "
           f"{'on' if sysinfo.get('mkldnn_enabled') else 'off'}, single-threaded OpenBLAS (the peer's best setting)",
           f"- load average (1, 5, 15 min) before: {read('load-before').strip()}; after: {read('load-after').strip()}",
           "- load after each program: " + "; ".join(l.strip() for l in read("load-rounds").splitlines()),
           f"- {rounds} rounds alternating PyTorch then fatecg (`fatecg bench --seconds {seconds} --no-objectives`); "
           "each cell is the best round of each.",
           f"- GEMM peak as fatecg measures it (best fast GEMM of `fatecg bench`, best round): {peak:.1f} GFLOP/s",
           "- FAT step's effective rate (fatecg, best round): " + "; ".join(
               f"batch {b}: {g:.1f} GFLOP/s = {100 * g / peak:.0f}% of that peak" for b, g in sorted(fat.items())),
           ]
    if any(op == "cw50" for op, _ in best(torch_runs)):
        out.append("- fatecg's CW steps run per round (before scaling to 50): " + "; ".join(
            f"batch {b}: {', '.join(str(f['cw_steps'].get(b, '?')) for f in fatecg_runs)}"
            for b in sorted(fatecg_runs[0]["cw_steps"])))
    else:
        out.append("- CW-50 not timed (bench/side-by-side.sh --with-cw times it): not like for like, see the notes.")
    out += ["", table(rows), "", NOTES]
    return "\n".join(out) + "\n", csv_text(rows, cpu, date)


SAMPLE_FATECG = """machine: amd64, 2 cores; backend cpu, 2 threads; Java 17.0.15

| GEMM M x K x N | fast (GFLOP/s) | EJML (GFLOP/s) | fast / EJML |
| :------------- | -------------: | -------------: | ----------: |
| 64x1408x256    |          165.6 |            7.1 |        23.3 |
| 1408x192x128   |          201.0 |            7.3 |        27.5 |

Samples per second (attacks: adversarial examples per second), paper CNN (2.68 MFLOP per forward sample)

| batch | forward | train step | PGD-20 | FAT step | FGSM | BIM-10 | CW-50 (steps run) | FAT GFLOP/s (of GEMM peak) |
| :---- | :------ | :--------- | :----- | :------- | :--- | :----- | :---------------- | :------------------------- |
| 32    | 352     | 2759       | 142    | 231      | 8619 | 1354   | 115 (40)          | 28.5 (9%)                  |
| 64    | 40000   | 12000      | 1000   | 900      | 20000 | 2000  | 300 (10)          | 100.0 (40%)                |
"""


def self_test():
    f = parse_fatecg(SAMPLE_FATECG)
    r = f["rates"]
    assert r[("forward", 32)] == 352 and r[("FAT step", 64)] == 900 and r[("BIM-10", 32)] == 1354, r
    assert len(r) == 14, len(r)
    # CW at 300/s that ran 10 of 50 steps would take 5x as long for 50: 60/s; 115 x 40/50 = 92
    assert r[(CW, 64)] == 60 and r[(CW, 32)] == 92, r
    assert f["cw_steps"] == {32: 40, 64: 10} and f["gemm_peak"] == 201.0 and f["fat_gflops"] == {32: 28.5, 64: 100.0}, f
    # best repetition: 64 beats in 0.128 s -> 500/s, whatever the median
    t = parse_torch({"results": [{"bench": "fat", "B": 64, "min_s": 0.128, "median_s": 0.2}]})
    assert t == {("fat", 64): 500.0}, t
    assert best([{("fat", 64): 300.0}, {("fat", 64): 450.0}]) == {("fat", 64): 450.0}
    rows = cells(r, {("fat", 64): 450.0, ("cw50", 64): 120.0})
    assert [x[:2] for x in rows] == [(64, "FAT step"), (64, "CW-50 (per 50 steps)")], rows
    lines = table(rows).splitlines()
    assert lines[2] == "| 64 | FAT step | 900 | 450 | 2.00x | yes |", lines
    assert lines[3] == "| 64 | CW-50 (per 50 steps) | 60 | 120 | 0.50x | not like for like (see notes) |", lines
    cpu = cpu_info("model name\t: AMD EPYC\ncpu family\t: 25\nmodel\t\t: 1\nflags\t\t: fpu avx2 fma\n")
    assert cpu_label(cpu) == "AMD EPYC, cpu family 25 model 1, AVX2" and cpu["flags"] == "avx2 fma", cpu
    assert cpu_info("flags : avx2 avx512f\n")["vectors"] == "AVX-512"
    assert csv_text(rows[:1], cpu, "D").splitlines()[1] == "D,AMD EPYC,25,1,AVX2,64,FAT step,900.0,450.0,2.000,yes"
    for bad, word in [("| 64    | 40000", "| 64    | fast"), ("300 (10)", "300"), ("| 1408x192x128   |          201.0",
                                                                                     "| 1408x192x128   |          n/a")]:
        try:
            parse_fatecg(SAMPLE_FATECG.replace(bad, word))
            raise AssertionError(f"'{word}' was accepted")
        except ValueError as e:
            assert "fatecg bench output" in str(e), e
    print("side_by_side.py self-test: ok")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--work")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seconds", default="?")
    ap.add_argument("--csv")
    ap.add_argument("--command", default="bench/side-by-side.sh")
    ap.add_argument("--wall", default="?")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        self_test()
    elif a.work and a.csv:
        try:
            md, table_csv = report(a.work, a.rounds, a.seconds, a.command, a.wall)
        except (OSError, ValueError) as e:
            sys.exit(f"side-by-side: {e}")
        with open(a.csv, "w") as fh:
            fh.write(table_csv)
        sys.stdout.write(md)
    else:
        ap.error("give --work DIR --csv FILE, or --self-test")
