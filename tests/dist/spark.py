#!/usr/bin/env python3
"""zonekg as a Spark stage (issue 15), run by .ci/run:

    tests/dist/spark.py ZONEKG CORPUS.jsonl

Pipes the corpus through `zonekg build - --out -` in pyspark (local[2]), once
with RDD.pipe and once with Spark SQL's TRANSFORM, and checks that the
distinct quads of each equal the statements of one local
`zonekg build CORPUS.jsonl --format nq` (as sets: the stream states a shared
fact once per article, the build once), and that `zonekg resolve` over
Spark's part files gives the local build's links. Fails past 5 minutes.
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STAGE = os.path.join(HERE, "..", "..", "scripts", "spark-stage.py")


def lines_of(folder):
    out = set()
    for f in sorted(os.listdir(folder)):
        if f.startswith("part-"):
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                out.update(line.rstrip("\n") for line in fh if line.strip())
    return out


def main():
    zonekg, corpus = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([zonekg, "build", corpus, "--out", f"{tmp}/local", "--no-store", "--format", "nq", "-q"], check=True)
        with open(f"{tmp}/local/graph.nq", encoding="utf-8") as fh:
            want = {line.rstrip("\n") for line in fh if line.strip()}
        local_links = subprocess.run([zonekg, "resolve", f"{tmp}/local/graph.nq"], capture_output=True, check=True).stdout
        n_links = local_links.count(b"owl#sameAs")
        n_articles = sum(1 for q in want if "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/zonekg/ontology#Article>" in q)
        for via, master in [("pipe", "local[2]"), ("transform", "local[2]")]:
            out = f"{tmp}/{via}"
            run = subprocess.run([sys.executable, STAGE, "--zonekg", zonekg, "--input", corpus, "--output", out, "--master", master, "--via", via], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"spark {via}: exit {run.returncode}\n{run.stderr[-4000:]}")
            print(run.stdout.strip())
            got = lines_of(out)
            if got != want:
                sys.exit(f"spark {via}: {len(got - want)} quads not in the local build, {len(want - got)} missing, e.g. {sorted(got ^ want)[:3]}")
            # corpus-wide resolution after the shards: over Spark's part files as over the local build
            links = subprocess.run([zonekg, "resolve", out], capture_output=True, check=True).stdout
            if links != local_links:
                sys.exit(f"spark {via}: zonekg resolve over the part files differs from over the local build")
        # more partitions than records: empty partitions are no error, and the union is still the build
        small = os.path.join(HERE, "..", "fixtures", "cross-articles.jsonl")
        subprocess.run([zonekg, "build", small, "--out", f"{tmp}/small", "--no-store", "--format", "nq", "-q"], check=True)
        run = subprocess.run([sys.executable, STAGE, "--zonekg", zonekg, "--input", small, "--output", f"{tmp}/small-spark", "--master", "local[2]", "--partitions", "8"], capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"spark: empty partitions: exit {run.returncode}\n{run.stderr[-3000:]}")
        with open(f"{tmp}/small/graph.nq", encoding="utf-8") as fh:
            if lines_of(f"{tmp}/small-spark") != {line.rstrip("\n") for line in fh if line.strip()}:
                sys.exit("spark: 3 records in 8 partitions do not give the local build's statements")
        # a failing zonekg fails the job (checkCode): a record zonekg cannot read makes it exit 1
        bad = f"{tmp}/bad.jsonl"
        with open(corpus, encoding="utf-8") as src, open(bad, "w", encoding="utf-8") as dst:
            dst.write(src.readline())
            dst.write('{"text": broken\n')
        run = subprocess.run([sys.executable, STAGE, "--zonekg", zonekg, "--input", bad, "--output", f"{tmp}/bad", "--master", "local[1]"], capture_output=True, text=True)
        if run.returncode == 0 or "malformed JSONL record" not in run.stderr:
            sys.exit(f"spark: a bad record did not fail the job (exit {run.returncode})\n{run.stderr[-2000:]}")
    secs = time.time() - started
    print(f"spark: RDD.pipe and TRANSFORM (local[2]) each gave the local build's {len(want)} statements ({n_articles} articles) and, resolved over the part files, its {n_links} owl:sameAs links; empty partitions are no error; a bad record fails the job; {secs:.0f} s")
    if secs > 300:
        sys.exit(f"spark: took {secs:.0f} s, over 5 minutes")


if __name__ == "__main__":
    main()
