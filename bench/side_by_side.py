"""Reads the rounds that bench/side-by-side.sh collected (fatecg bench's Markdown, the PyTorch peer's
JSON) and prints the ratio table: per phase and batch the best of the rounds for each program.

    python3 bench/side_by_side.py --work DIR --rounds N --seconds S
    python3 bench/side_by_side.py --self-test
"""
import argparse
import json
import os
import sys

# fatecg bench column -> the peer's phase name
PHASES = [("forward", "infer"), ("train step", "train"), ("PGD-20", "pgd20"), ("FAT step", "fat"),
          ("FGSM", "fgsm"), ("BIM-10", "bim10")]


def parse_fatecg(text, source="fatecg bench output"):
    """{(phase column, batch): samples/s} from the model table of `fatecg bench --out`."""
    rows = [l.strip() for l in text.splitlines() if l.strip().startswith("|")]
    header = None
    out = {}
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells and cells[0] == "batch":
            header = cells
            continue
        if header is None or set(cells[0]) <= set(":- "):
            continue
        try:
            batch = int(cells[0])
        except ValueError:
            raise ValueError(f"{source}: batch cell '{cells[0]}' is not an integer")
        for col, _ in PHASES:
            if col not in header:
                raise ValueError(f"{source}: column '{col}' missing from the model table")
            value = cells[header.index(col)]
            try:
                out[(col, batch)] = float(value.split()[0])
            except (ValueError, IndexError):
                raise ValueError(f"{source}: column '{col}', batch {batch}: '{value}' is not a number")
    if not out:
        raise ValueError(f"{source}: no model table (a header row starting with 'batch')")
    return out


def parse_torch(doc, source="peer JSON"):
    """{(peer phase, batch): samples/s} from bench_torch.py --out."""
    out = {}
    for r in doc.get("results", []):
        try:
            out[(str(r["bench"]), int(r["B"]))] = float(r["samples_per_s"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{source}: result entry {r!r} lacks bench, B or samples_per_s")
    if not out:
        raise ValueError(f"{source}: no results")
    return out


def best(runs):
    merged = {}
    for run in runs:
        for k, v in run.items():
            merged[k] = max(merged.get(k, 0.0), v)
    return merged


def cpu_label(cpuinfo):
    fields, flags = {}, set()
    for line in cpuinfo.splitlines():
        k, _, v = line.partition(":")
        k = k.strip()
        if k in ("model name", "cpu family", "model") and k not in fields:
            fields[k] = v.strip()
        if k == "flags" and not flags:
            flags = set(v.split())
    width = "AVX-512 (512-bit)" if "avx512f" in flags else "AVX2 (256-bit)" if "avx2" in flags else "no AVX2"
    return (f"{fields.get('model name', '?')}, cpu family {fields.get('cpu family', '?')} model "
            f"{fields.get('model', '?')}, vectors {width}")


def table(fatecg, torch):
    lines = ["| batch | phase | fatecg (samples/s) | PyTorch (samples/s) | fatecg / PyTorch | >= 2x |",
             "|---:|---|---:|---:|---:|---|"]
    for b in sorted({k[1] for k in fatecg}):
        for col, op in PHASES:
            f, t = fatecg.get((col, b)), torch.get((op, b))
            if f is None or t is None:
                continue
            ratio = f / t
            lines.append(f"| {b} | {col} | {f:,.0f} | {t:,.0f} | {ratio:.2f}x | {'yes' if ratio >= 2 else 'no'} |")
    return "\n".join(lines)


def report(work, rounds, seconds):
    read = lambda name: open(os.path.join(work, name)).read()
    fatecg_runs = [parse_fatecg(read(f"fatecg-{r}.md"), f"fatecg round {r}") for r in range(1, rounds + 1)]
    torch_docs = [json.loads(read(f"torch-{r}.json")) for r in range(1, rounds + 1)]
    torch_runs = [parse_torch(d, f"peer round {r}") for r, d in enumerate(torch_docs, 1)]
    first_fatecg = read("fatecg-1.md").splitlines()[0]
    sysinfo = torch_docs[0].get("system", {})
    print("# fatecg vs PyTorch, side by side\n")
    print(f"- CPU: {cpu_label(open('/proc/cpuinfo').read())}, {os.cpu_count()} logical CPUs")
    print(f"- fatecg: {first_fatecg.strip()}; JDK: {read('jdk').splitlines()[0].strip()}")
    print(f"- PyTorch {sysinfo.get('torch', '?')}, {sysinfo.get('torch_num_threads', '?')} threads, "
          f"oneDNN {'on' if sysinfo.get('mkldnn_enabled') else 'off'}, single-threaded OpenBLAS (the peer's best setting)")
    print(f"- load before: {read('load-before').strip()}")
    print(f"- load after:  {read('load-after').strip()}")
    print(f"- {rounds} rounds alternating PyTorch then fatecg; each cell is the best round. fatecg: "
          f"`fatecg bench --seconds {seconds}` (best of 5 timed slices per round); PyTorch: median of its reps per round.")
    print("- CW-50 is left out: on the untrained random model both programs stop it early.\n")
    print(table(best(fatecg_runs), best(torch_runs)))


SAMPLE_FATECG = """machine: amd64, 2 cores; backend cpu, 2 threads; Java 17.0.15

| GEMM M x K x N | fast (GFLOP/s) | EJML (GFLOP/s) | fast / EJML |
| :------------- | -------------: | -------------: | ----------: |
| 64x1408x256    |          165.6 |            7.1 |        23.3 |

| batch | forward | train step | PGD-20 | FAT step | FGSM | BIM-10 | CW-50 (steps run) | FAT GFLOP/s (of GEMM peak) |
| :---- | :------ | :--------- | :----- | :------- | :--- | :----- | :---------------- | :------------------------- |
| 32    | 352     | 2759       | 142    | 231      | 8619 | 1354   | 115 (41)          | 28.5 (9%)                  |
| 64    | 40000   | 12000      | 1000   | 900      | 20000 | 2000  | 300 (12)          | 100.0 (40%)                |
"""


def self_test():
    f = parse_fatecg(SAMPLE_FATECG)
    assert f[("forward", 32)] == 352 and f[("FAT step", 64)] == 900 and f[("BIM-10", 32)] == 1354, f
    assert len(f) == 12, len(f)
    t = parse_torch({"results": [{"bench": "fat", "B": 64, "samples_per_s": 450.0},
                                 {"bench": "fat", "B": 64, "samples_per_s": 300.0}]})
    assert t == {("fat", 64): 300.0}
    assert best([{("fat", 64): 300.0}, {("fat", 64): 450.0}]) == {("fat", 64): 450.0}
    row = [l for l in table(f, {("fat", 64): 450.0}).splitlines() if "FAT" in l]
    assert row == ["| 64 | FAT step | 900 | 450 | 2.00x | yes |"], row
    label = cpu_label("model name\t: AMD EPYC 9R14\ncpu family\t: 25\nmodel\t: 17\nflags\t: fpu avx2 avx512f\n")
    assert label == "AMD EPYC 9R14, cpu family 25 model 17, vectors AVX-512 (512-bit)", label
    try:
        parse_fatecg(SAMPLE_FATECG.replace("| 64    | 40000", "| 64    | fast"))
        raise AssertionError("a non-numeric cell was accepted")
    except ValueError as e:
        assert "forward" in str(e) and "'fast'" in str(e), e
    print("side_by_side.py self-test: ok")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--work")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seconds", default="?")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        self_test()
    elif a.work:
        try:
            report(a.work, a.rounds, a.seconds)
        except (OSError, ValueError) as e:
            sys.exit(f"side-by-side: {e}")
    else:
        ap.error("give --work DIR or --self-test")
