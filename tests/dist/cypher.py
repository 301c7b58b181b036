#!/usr/bin/env python3
"""The graph in an embedded Cypher database (issue 15), run by .ci/run:

    tests/dist/cypher.py ZONEKG CORPUS [--engine kuzu|ladybug]

Builds CORPUS with `--format kuzu,nq` (graph.kuzu.cypher, the schema and COPY
statements, and the Neo4j CSV files it loads) and a store, loads it into Kùzu
(PyPI `kuzu`; its fork Ladybug reads the same Cypher), and checks that the
officials and parks questions asked in Cypher give the same rows as
examples/queries/officials.rq and parks.rq asked of the store.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

# a post with a body is a HOLDS_POST edge (its label the title); a post that
# names no body is in its holder's `posts` list
OFFICIALS = """
MATCH (p:Entity)-[h:HOLDS_POST]->(o:Entity) RETURN DISTINCT p.name AS person, h.label AS title, o.name AS body
UNION
MATCH (p:Entity) UNWIND p.posts AS title RETURN DISTINCT p.name AS person, title, '' AS body
"""
PARKS = """
MATCH (p:Entity)-[:PART_OF]->(z:Entity) WHERE list_contains(p.labels, 'Park')
RETURN DISTINCT z.name AS zone, p.name AS park ORDER BY zone, park
"""


def load(kuzu, out, db):
    """Runs out/graph.kuzu.cypher in a new database, in `out` (its COPY
    statements read the CSV files beside it): the connection, the statements."""
    conn = kuzu.Connection(kuzu.Database(db))
    cwd = os.getcwd()
    os.chdir(out)
    try:
        script = open("graph.kuzu.cypher", encoding="utf-8").read()
        # statements end with ";" at the end of a line; "//" lines are comments
        statements = ["\n".join(line for line in st.splitlines() if not line.startswith("//")).strip() for st in script.split(";\n")]
        statements = [st for st in statements if st]
        for st in statements:
            conn.execute(st)
    finally:
        os.chdir(cwd)
    return conn, statements


def names_in(conn):
    res, out = conn.execute("MATCH (n:Entity) RETURN n.name"), []
    while res.has_next():
        out.append(res.get_next()[0])
    return sorted(out)


def main():
    import importlib

    # `--engine ladybug`: Ladybug, Kùzu's maintained fork, with the same API and Cypher
    engine = sys.argv[sys.argv.index("--engine") + 1] if "--engine" in sys.argv else "kuzu"
    kuzu = importlib.import_module(engine)
    zonekg, corpus = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        out, store = f"{tmp}/out", f"{tmp}/store"
        subprocess.run([zonekg, "build", corpus, "--out", out, "--store", store, "--format", "kuzu,nq", "-q"], check=True)
        started = time.time()
        conn, statements = load(kuzu, out, f"{tmp}/kuzu")
        n_nodes = conn.execute("MATCH (n:Entity) RETURN count(*)").get_next()[0]
        print(f"{engine}: loaded {n_nodes} entities in {time.time() - started:.2f} s ({len(statements)} statements)")
        for name, cypher, rq in [("officials", OFFICIALS, "officials.rq"), ("parks", PARKS, "parks.rq")]:
            t = time.time()
            res = conn.execute(cypher)
            got = []
            while res.has_next():
                got.append(tuple("" if v is None else str(v) for v in res.get_next()))
            secs = time.time() - t
            q = os.path.join(ROOT, "examples", "queries", rq)
            text = subprocess.run([zonekg, "query", "--store", store, "--format", "csv", "--file", q], capture_output=True, text=True, check=True).stdout
            want = [tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:]]
            if sorted(got) != sorted(want) or not want:
                g, w = set(got), set(want)
                sys.exit(f"{engine} {name}: {len(got)} rows, zonekg query {len(want)}; only in kuzu: {sorted(g - w)[:3]}; only in zonekg: {sorted(w - g)[:3]}")
            print(f"{engine}: {name} in Cypher: {len(got)} rows in {secs * 1000:.0f} ms, as {rq} asked of the store")
        # names with quotes, commas, semicolons, backslashes, newlines and the like load as they are in the CSV
        hostile = os.path.join(ROOT, "tests", "fixtures", "hostile-names.jsonl")
        subprocess.run([zonekg, "build", hostile, "--out", f"{tmp}/hostile", "--no-store", "--format", "kuzu", "-q"], check=True)
        conn, _ = load(kuzu, f"{tmp}/hostile", f"{tmp}/kuzu-hostile")
        with open(f"{tmp}/hostile/graph.nodes.csv", encoding="utf-8", newline="") as fh:
            want = sorted(r[1] for r in list(csv.reader(fh))[1:])
        if names_in(conn) != want or not want:
            sys.exit(f"{engine}: hostile names: {names_in(conn)} against the CSV's {want}")
        print(f"{engine}: the hostile-names fixture's {len(want)} entities load with their names as written")


if __name__ == "__main__":
    main()
