//! `zonekg serve` over loopback: the example queries answer as `zonekg
//! query` does, updates are refused, and the page is there. (CI also asks it
//! with curl and with rdflib's SPARQLStore: `.ci/run`.)

use crate::common;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// A running server on a free port; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(store: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonekg")).args(["serve", "--bind", "127.0.0.1:0", "--timeout", "20", "--store"]).arg(store).stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_else(|| panic!("no address in {line:?}")).to_string();
    Server { child, addr }
}

/// (status, content type, body) of one request.
fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req += &format!("{k}: {v}\r\n");
    }
    req += "\r\n";
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let ct = head.lines().find_map(|l| l.strip_prefix("Content-Type: ").or_else(|| l.strip_prefix("content-type: "))).unwrap_or("").to_string();
    (status, ct, body.to_string())
}

#[test]
fn serve_answers_the_example_queries_as_query_does() {
    let seed = common::shared_seed("ttl,nq,graphml");
    let server = start(&seed.join("store"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in std::fs::read_dir(root.join("examples/queries")).unwrap() {
        let q = e.unwrap().path();
        let name = q.file_stem().unwrap().to_string_lossy().to_string();
        let query = std::fs::read_to_string(&q).unwrap();
        let (status, ct, body) = request(&server.addr, "POST", "/sparql", &[("Content-Type", "application/sparql-query"), ("Accept", "text/csv")], &query);
        assert_eq!((status, ct.as_str()), (200, "text/csv; charset=utf-8"), "{name}: {body}");
        let o = Command::new(env!("CARGO_BIN_EXE_zonekg")).args(["query", "--format", "csv", "--store"]).arg(seed.join("store")).arg("--file").arg(&q).output().unwrap();
        assert_eq!(body, String::from_utf8_lossy(&o.stdout), "{name}: serve and query differ");
    }
    // GET with JSON, the default
    let q: String = form_urlencoded::byte_serialize(b"SELECT ?n WHERE { ?z a zkg:HighTechZone ; rdfs:label ?n }").collect();
    let (status, ct, body) = request(&server.addr, "GET", &format!("/sparql?query={q}"), &[], "");
    assert_eq!((status, ct.as_str()), (200, "application/sparql-results+json; charset=utf-8"));
    assert!(body.contains("佛山高新区"), "{body}");
    // read-only
    let (status, _, body) = request(&server.addr, "POST", "/sparql", &[("Content-Type", "application/sparql-update")], "CLEAR ALL");
    assert_eq!(status, 400);
    assert!(body.contains("read-only"));
    let (_, _, body) = request(&server.addr, "POST", "/sparql", &[("Content-Type", "application/sparql-query"), ("Accept", "text/csv")], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    assert_ne!(body.lines().nth(1), Some("0"), "the store still answers after the refused update");
    // the page
    let (status, ct, body) = request(&server.addr, "GET", "/", &[], "");
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/html") && body.contains("<form"));
}
