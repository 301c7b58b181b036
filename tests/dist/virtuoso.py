"""Virtuoso (Debian's virtuoso-opensource-7-bin) for tests/dist/sparql_server.py:
a server started in a temporary folder on 127.0.0.1, graph.nq put in with
the bulk loader (ld_dir, rdf_loader_run), the example queries asked over
its SPARQL endpoint."""
import os
import shutil
import socket
import subprocess
import sys
import time

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ServerThreads = 4
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


def port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isql(sql_port, statement):
    r = subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"], capture_output=True, text=True, timeout=600)
    if r.returncode != 0 or "*** Error" in r.stdout + r.stderr:
        sys.exit(f"virtuoso: {statement}: {r.stdout[-2000:]}{r.stderr[-2000:]}")
    return r.stdout


def check(nq, tmp, compare):
    """Loads nq into a fresh Virtuoso and runs compare(url) on its endpoint."""
    if not shutil.which("virtuoso-t"):
        sys.exit("virtuoso: virtuoso-t not found (apt-get install virtuoso-opensource-7-bin)")
    d = os.path.join(tmp, "virtuoso")
    os.makedirs(d)
    shutil.copy(nq, os.path.join(d, "graph.nq"))
    sql, http = port(), port()
    with open(os.path.join(d, "virtuoso.ini"), "w") as f:
        f.write(INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen(["virtuoso-t", "+configfile", os.path.join(d, "virtuoso.ini"), "+foreground"], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            if proc.poll() is not None:
                sys.exit(f"virtuoso exited with {proc.returncode}: {open(os.path.join(d, 'virtuoso.log')).read()[-2000:]}")
            if subprocess.run(["isql-vt", f"127.0.0.1:{sql}", "dba", "dba", "exec=select 1;"], capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        t = time.time()
        # the default graph's facts go to a graph of their own; a query with no FROM sees every graph
        isql(sql, f"ld_dir('{d}', 'graph.nq', 'https://w3id.org/zonekg/id/facts'); rdf_loader_run(); checkpoint;")
        out = isql(sql, "SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/zonekg/')) };")
        n = [line.strip() for line in out.splitlines() if line.strip().isdigit()]
        print(f"virtuoso: loaded graph.nq in {time.time() - t:.1f} s ({n[-1] if n else '?'} quads)")
        rows = compare(f"http://127.0.0.1:{http}/sparql")
        print(f"virtuoso: every example query, {rows} rows, answered as zonekg query answers it, value for value")
    finally:
        proc.terminate()
        proc.wait(timeout=60)

