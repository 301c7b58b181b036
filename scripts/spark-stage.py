#!/usr/bin/env python3
"""zonekg as a Spark stage: JSONL articles in, the distinct N-Quads out.

    spark-stage.py --zonekg /abs/path/zonekg --input corpus.jsonl --output quads/ [--master local[2]]

Each record gets the `source` a local build of the same file records
(`corpus.jsonl:LINE`), so the union equals `zonekg build corpus.jsonl`'s
graph.nq as a set; the records then go through `zonekg build - --out -` with
RDD.pipe (checkCode on: a zonekg that exits non-zero fails the task, which
Spark retries and then fails the job), and the distinct lines are saved as
text. Prints one line of figures to stdout: records, quads, seconds, MB/s.
See docs/spark.md for a cluster.
"""

import argparse
import json
import os
import shlex
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zonekg", required=True, help="the zonekg binary (an absolute path every executor can run, or ./zonekg when shipped with --files)")
    ap.add_argument("--input", required=True, help="JSONL articles (a file or a glob Spark reads)")
    ap.add_argument("--output", required=True, help="folder for the distinct quads (part-* text files)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=0, help="input partitions (0: twice the cores)")
    ap.add_argument("--via", choices=["transform", "pipe"], default="pipe", help="Spark SQL's TRANSFORM (the quads stay in the JVM) or RDD.pipe")
    ap.add_argument("--threads", type=int, default=1, help="zonekg threads per task (Spark runs one task per core)")
    a = ap.parse_args()

    # the Python workers run the driver's interpreter (the one pyspark is installed in)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(a.master)
        .appName("zonekg")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    started = time.time()
    name = os.path.basename(a.input)
    parts = a.partitions or 2 * sc.defaultParallelism
    lines = sc.textFile(a.input, minPartitions=parts)

    def with_source(pair):
        line, i = pair
        if not line.strip():
            return []
        try:
            rec = json.loads(line)
        except ValueError:
            rec = None
        if not isinstance(rec, dict):
            # zonekg names what is wrong with it and exits 1, which fails the task (checkCode)
            return [line]
        # the provenance a local build of this file records; a record's own source wins
        rec.setdefault("source", f"{name}:{i + 1}")
        return [json.dumps(rec, ensure_ascii=False)]

    records = lines.zipWithIndex().flatMap(with_source)
    cmd = shlex.join([a.zonekg, "build", "-", "--out", "-", "--format", "nq", "--quiet", "--threads", str(a.threads)])
    if a.via == "pipe":
        # RDD.pipe: every quad passes through the Python workers
        records.pipe(cmd, checkCode=True).distinct().saveAsTextFile(a.output)
    else:
        # Spark SQL's TRANSFORM: the quads stay in the JVM (distinct, write);
        # an N-Quads line holds no tab (literals escape it), so it is one column
        spark.createDataFrame(records.map(lambda r: (r,)), "value string").createOrReplaceTempView("records")
        sql = "SELECT TRANSFORM(value) USING '" + cmd.replace("\\", "\\\\").replace("'", "\\'") + "' AS (quad string) FROM records"
        spark.sql(sql).distinct().write.text(a.output)
    secs = time.time() - started
    n_records = records.count()
    n_quads = spark.read.text(a.output).count()
    size = sum(os.path.getsize(os.path.join(a.input, f)) for f in os.listdir(a.input)) if os.path.isdir(a.input) else os.path.getsize(a.input)
    print(f"spark-stage: {a.master} {a.via}: {n_records} records, {n_quads} distinct quads, {size / 1e6:.1f} MB in {secs:.1f} s ({size / 1e6 / secs:.2f} MB/s)")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
