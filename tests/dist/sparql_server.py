#!/usr/bin/env python3
"""The graph in a real SPARQL server (issue 15), run by .ci/run:

    tests/dist/sparql_server.py ZONEKG CORPUS [--jena] [--virtuoso]

Builds CORPUS into a store and graph.nq, loads graph.nq into Oxigraph server
(the `oxigraph` command from PyPI, started here on 127.0.0.1 with
`--union-default-graph`: zonekg's default graph is the facts plus every
article's evidence), runs every examples/queries/*.rq over HTTP (SPARQL 1.1
Protocol, CSV results) and checks the answers equal `zonekg query`'s, row
for row (rows that tie on the ORDER BY keys in any order). With --jena,
does the same with Jena TDB2 (the store Fuseki serves). With --virtuoso, does the same with Virtuoso (Debian's
virtuoso-opensource, started here in a temporary folder, loaded with its
bulk loader).
"""
import glob
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
QUERIES = sorted(glob.glob(os.path.join(ROOT, "examples", "queries", "*.rq")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url, query, timeout=120):
    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(), headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.read().decode("utf-8")


def rows(csv_text):
    import csv
    import io

    return list(csv.reader(io.StringIO(csv_text)))


def wait_for(url, proc, what):
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"{what} exited with {proc.returncode}")
        try:
            ask(url, "ASK {}", timeout=5)
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{what} did not answer at {url}")


def compare(server, answer, zonekg, store, value=lambda v: v):
    """Asks every example query of `answer` (an URL, or a function of the
    query's file giving CSV) and of zonekg query, comparing the cells
    through `value`; the number of rows."""
    total = 0
    for q in QUERIES:
        text = open(q, encoding="utf-8").read()
        want = rows(subprocess.run([zonekg, "query", "--store", store, "--format", "csv", "--file", q], capture_output=True, text=True, check=True).stdout)
        got = rows(ask(answer, text) if isinstance(answer, str) else answer(q))
        got, want = [[value(v) for v in r] for r in got], [[value(v) for v in r] for r in want]
        # the same header and the same rows; rows that tie on the ORDER BY keys may come in another order
        same = got[:1] == want[:1] and sorted(got[1:]) == sorted(want[1:])
        if not same or not want[1:]:
            w, g = set(map(tuple, want)), set(map(tuple, got))
            sys.exit(f"{server}: {os.path.basename(q)}: {len(got) - 1} rows, zonekg query {len(want) - 1}; only in {server}: {sorted(g - w)[:3]}; only in zonekg: {sorted(w - g)[:3]}")
        total += len(got) - 1
        print(f"{server}: {os.path.basename(q)}: {len(got) - 1} rows, as zonekg query")
    return total


def jena_tdb2(out, tmp, zonekg, store):
    """Jena TDB2, the store under Fuseki (Debian's Jena, through the clients'
    `jena` launcher). TDB2's union default graph leaves out the default
    graph, where zonekg's facts are: load graph.nq (facts in the default
    graph, evidence in the article graphs) and graph.nt (the whole graph) so
    the default graph is zonekg's, and GRAPH ?g still sees each article."""
    jena = os.environ.get("JENA", os.path.expanduser("~/.cache/zonekg-clients/bin/jena"))
    db = f"{tmp}/tdb2"
    subprocess.run([zonekg, "export", "--store", store, "--out", f"{tmp}/nt", "--format", "nt"], check=True, capture_output=True)
    t = time.time()
    subprocess.run([jena, "tdb2.tdbloader", "--loc", db, f"{out}/graph.nq", f"{tmp}/nt/graph.nt"], check=True, capture_output=True)
    print(f"jena tdb2: loaded graph.nq and graph.nt in {time.time() - t:.1f} s")
    query = lambda q: subprocess.run([jena, "tdb2.tdbquery", "--loc", db, "--results=CSV", "--query", q], check=True, capture_output=True, text=True).stdout
    # Jena writes a decimal as it was written (3.50), Oxigraph in canonical form (3.5): compare decimals by value
    n = compare("jena tdb2", query, zonekg, store, decimal_value)
    print(f"jena tdb2: {len(QUERIES)} example queries, {n} rows, every answer equal to zonekg query's (decimals by value)")


def decimal_value(v):
    import decimal
    import re

    return format(decimal.Decimal(v).normalize(), "f") if re.fullmatch(r"-?[0-9]+\.[0-9]+", v) else v


def main():
    zonekg, corpus = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    bin_dir = os.path.dirname(sys.executable)
    with tempfile.TemporaryDirectory() as tmp:
        store, out = f"{tmp}/store", f"{tmp}/out"
        subprocess.run([zonekg, "build", corpus, "--out", out, "--store", store, "--format", "nq", "-q"], check=True)
        db = f"{tmp}/oxigraph"
        t = time.time()
        subprocess.run([os.path.join(bin_dir, "oxigraph"), "load", "--location", db, "--file", f"{out}/graph.nq"], check=True, capture_output=True)
        print(f"oxigraph server: loaded graph.nq in {time.time() - t:.1f} s")
        port = free_port()
        proc = subprocess.Popen([os.path.join(bin_dir, "oxigraph"), "serve-read-only", "--location", db, "--bind", f"127.0.0.1:{port}", "--union-default-graph"], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/query"
            wait_for(url, proc, "oxigraph serve")
            n = compare("oxigraph server", url, zonekg, store)
        finally:
            proc.terminate()
            proc.wait()
        print(f"oxigraph server: {len(QUERIES)} example queries, {n} rows, every answer equal to zonekg query's")
        if "--jena" in sys.argv:
            jena_tdb2(out, tmp, zonekg, store)
        if "--virtuoso" in sys.argv:
            import virtuoso

            virtuoso.check(f"{out}/graph.nq", tmp, lambda url: compare("virtuoso", url, zonekg, store))


if __name__ == "__main__":
    main()
