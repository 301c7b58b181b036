//! `zonekg serve`: a SPARQL 1.1 Protocol endpoint over a store loaded once.
//!
//! Queries by GET (`?query=`) or POST (`application/sparql-query`, or a form
//! with `query=`), at `/` or `/sparql`. SELECT and ASK answer in SPARQL JSON
//! (the default), XML, CSV or TSV by `Accept`; CONSTRUCT and DESCRIBE in
//! Turtle (the default), N-Triples or RDF/XML. The default graph is the
//! union of the article graphs, as in `zonekg query`. Read-only: updates
//! (`application/sparql-update`, a form's `update=`) get 400; the store is
//! built without HTTP, so `SERVICE` reaches no network. Each query has a
//! time limit (503 when hit) and a result limit (400 when hit), both with a
//! message saying so. `GET /` with no query is a page to type queries in.
//!
//! [`answer`] is the protocol (a pure function of the request, tested
//! directly); [`serve`] puts it behind tiny_http on a few threads.

use crate::model::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use oxigraph::store::Store;
use std::io::Read;
use std::time::Duration;

/// Limits of every query.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// wall-clock time of one query
    pub timeout: Duration,
    /// rows of a SELECT, or triples of a CONSTRUCT or DESCRIBE
    pub max_results: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(30), max_results: 1_000_000 }
    }
}

/// An HTTP request as the protocol needs it.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    pub method: &'a str,
    /// path and query string, as sent
    pub url: &'a str,
    pub content_type: Option<&'a str>,
    pub accept: Option<&'a str>,
    pub body: &'a [u8],
}

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, message: impl Into<String>) -> Reply {
        let mut body = message.into().into_bytes();
        body.push(b'\n');
        Reply { status, content_type: "text/plain; charset=utf-8", body }
    }
}

const PAGE: &str = include_str!("serve.html");

/// The value of a form field (`a=1&query=...`), decoded.
fn form_field(form: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(form.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// Answers one request of the SPARQL 1.1 Protocol.
pub fn answer(store: &Store, req: &Request, limits: Limits) -> Reply {
    let (path, query_string) = req.url.split_once('?').unwrap_or((req.url, ""));
    if path != "/" && path != "/sparql" {
        return Reply::text(404, format!("no such page: {path} (the endpoint is / or /sparql)"));
    }
    let media = req.content_type.map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).unwrap_or_default();
    let query = match req.method {
        "GET" | "HEAD" => {
            if form_field(query_string, "update").is_some() {
                return Reply::text(400, "this endpoint is read-only: updates are refused");
            }
            match form_field(query_string, "query") {
                Some(q) => q,
                None => return Reply { status: 200, content_type: "text/html; charset=utf-8", body: PAGE.as_bytes().to_vec() },
            }
        }
        "POST" => match media.as_str() {
            "application/sparql-query" => match std::str::from_utf8(req.body) {
                Ok(q) => q.to_string(),
                Err(_) => return Reply::text(400, "the query is not UTF-8"),
            },
            "application/sparql-update" => return Reply::text(400, "this endpoint is read-only: updates are refused"),
            "application/x-www-form-urlencoded" => {
                let form = String::from_utf8_lossy(req.body);
                if form_field(&form, "update").is_some() {
                    return Reply::text(400, "this endpoint is read-only: updates are refused");
                }
                match form_field(&form, "query") {
                    Some(q) => q,
                    None => return Reply::text(400, "the form has no query field"),
                }
            }
            other => return Reply::text(415, format!("cannot read a query sent as {other:?} (send application/sparql-query, or a form with query=)")),
        },
        other => return Reply::text(405, format!("method {other} is not allowed (GET or POST)")),
    };
    run(store, &query, req.accept.unwrap_or(""), limits)
}

/// The first of `offered` that `accept` lists (in the client's order of
/// preference, `q` weights honoured), else the first offered.
fn negotiate<T: Copy>(accept: &str, offered: &[(&str, T)]) -> T {
    let mut ranges: Vec<(f32, usize, &str)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut it = part.split(';');
        let range = it.next().unwrap_or("").trim();
        let q = it.filter_map(|p| p.trim().strip_prefix("q=")).find_map(|v| v.parse::<f32>().ok()).unwrap_or(1.0);
        if !range.is_empty() && q > 0.0 {
            ranges.push((q, i, range));
        }
    }
    ranges.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then(a.1.cmp(&b.1)));
    for (_, _, range) in ranges {
        if let Some((_, t)) = offered.iter().find(|(m, _)| *m == range || range == "*/*" || (range.ends_with("/*") && m.starts_with(range.trim_end_matches('*')))) {
            return *t;
        }
    }
    offered[0].1
}

const RESULT_TYPES: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];

const GRAPH_TYPES: &[(&str, RdfFormat)] =
    &[("text/turtle", RdfFormat::Turtle), ("application/n-triples", RdfFormat::NTriples), ("text/plain", RdfFormat::NTriples), ("application/rdf+xml", RdfFormat::RdfXml)];

fn results_media(f: QueryResultsFormat) -> &'static str {
    match f {
        QueryResultsFormat::Xml => "application/sparql-results+xml; charset=utf-8",
        QueryResultsFormat::Csv => "text/csv; charset=utf-8",
        QueryResultsFormat::Tsv => "text/tab-separated-values; charset=utf-8",
        _ => "application/sparql-results+json; charset=utf-8",
    }
}

fn graph_media(f: RdfFormat) -> &'static str {
    match f {
        RdfFormat::NTriples => "application/n-triples; charset=utf-8",
        RdfFormat::RdfXml => "application/rdf+xml; charset=utf-8",
        _ => "text/turtle; charset=utf-8",
    }
}

/// Why a query stopped before its answer was written.
enum Stop {
    Eval(QueryEvaluationError),
    TooMany,
    Write(std::io::Error),
}

impl From<QueryEvaluationError> for Stop {
    fn from(e: QueryEvaluationError) -> Self {
        Stop::Eval(e)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        Stop::Write(e)
    }
}

/// Parses, runs (within the limits) and serialises one query.
fn run(store: &Store, query: &str, accept: &str, limits: Limits) -> Reply {
    let token = CancellationToken::new();
    let q = match crate::store::prepare_query(query, Some(token.clone())) {
        Ok(q) => q,
        Err(e) => return Reply::text(400, format!("bad query: {e}")),
    };
    // the query runs on its own thread; when its time is up the client gets
    // its answer at once and the query is cancelled (it stops at its next check)
    let (send, recv) = std::sync::mpsc::channel();
    let store = store.clone();
    let max_results = limits.max_results;
    let accept = accept.to_string();
    std::thread::spawn(move || {
        let mut body = Vec::new();
        let outcome = evaluate(&store, q, &accept, max_results, &mut body);
        let _ = send.send((outcome, body));
    });
    let (outcome, body) = match recv.recv_timeout(limits.timeout) {
        Ok(done) => done,
        Err(_) => {
            token.cancel();
            (Err(Stop::Eval(QueryEvaluationError::Cancelled)), Vec::new())
        }
    };
    match outcome {
        Ok(content_type) => Reply { status: 200, content_type, body },
        Err(Stop::TooMany) => Reply::text(400, format!("the answer has more than {} results (the server's limit): add a LIMIT", limits.max_results)),
        Err(Stop::Eval(QueryEvaluationError::Cancelled)) => {
            Reply::text(503, format!("the query ran out of time (the server's limit is {} s): make it narrower or add a LIMIT", limits.timeout.as_secs_f64()))
        }
        Err(Stop::Eval(e)) => Reply::text(400, format!("the query failed: {e}")),
        Err(Stop::Write(e)) => Reply::text(500, format!("writing the answer: {e}")),
    }
}

/// Runs a prepared query and serialises its answer into `body`; returns its media type.
fn evaluate(store: &Store, q: oxigraph::sparql::PreparedSparqlQuery, accept: &str, max_results: usize, body: &mut Vec<u8>) -> Result<&'static str, Stop> {
    Ok(match q.on_store(store).execute()? {
        QueryResults::Solutions(solutions) => {
            let f = negotiate(accept, RESULT_TYPES);
            let mut ser = QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(&mut *body, solutions.variables().to_vec())?;
            for (n, s) in solutions.enumerate() {
                if n == max_results {
                    return Err(Stop::TooMany);
                }
                ser.serialize(&s?)?;
            }
            ser.finish()?;
            results_media(f)
        }
        QueryResults::Boolean(b) => {
            let f = negotiate(accept, RESULT_TYPES);
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *body, b)?;
            results_media(f)
        }
        QueryResults::Graph(triples) => {
            let f = negotiate(accept, GRAPH_TYPES);
            let mut ser = RdfSerializer::from_format(f);
            if f != RdfFormat::NTriples {
                for (p, iri) in PREFIXES {
                    ser = ser.with_prefix(*p, *iri).map_err(|e| Stop::Write(std::io::Error::other(e.to_string())))?;
                }
            }
            let mut ser = ser.for_writer(&mut *body);
            for (n, t) in triples.enumerate() {
                if n == max_results {
                    return Err(Stop::TooMany);
                }
                ser.serialize_triple(&t?)?;
            }
            ser.finish()?;
            graph_media(f)
        }
    })
}

/// Where the server listens and what it allows.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// e.g. `127.0.0.1:7878` (port 0: any free port)
    pub bind: String,
    pub limits: Limits,
    /// threads answering requests
    pub threads: usize,
}

/// Serves `store` until the process ends; `ready` is told the address
/// once the socket listens.
pub fn serve(store: Store, opts: &ServeOptions, ready: impl FnOnce(std::net::SocketAddr)) -> Result<(), String> {
    let server = std::sync::Arc::new(tiny_http::Server::http(&opts.bind).map_err(|e| format!("{}: cannot listen: {e}", opts.bind))?);
    let addr = server.server_addr().to_ip().ok_or_else(|| format!("{}: not an IP address", opts.bind))?;
    ready(addr);
    let limits = opts.limits;
    std::thread::scope(|sc| {
        for _ in 0..opts.threads.max(1) {
            let (server, store) = (server.clone(), store.clone());
            sc.spawn(move || loop {
                let Ok(mut req) = server.recv() else { return };
                let header = |name: &'static str| req.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_string());
                let (content_type, accept) = (header("Content-Type"), header("Accept"));
                let mut body = Vec::new();
                // at most 1 MB of query
                if req.as_reader().take(1 << 20).read_to_end(&mut body).is_err() {
                    let _ = req.respond(tiny_http::Response::from_string("cannot read the request\n").with_status_code(400));
                    continue;
                }
                let method = req.method().as_str().to_string();
                let url = req.url().to_string();
                let r = Request { method: &method, url: &url, content_type: content_type.as_deref(), accept: accept.as_deref(), body: &body };
                let reply = answer(&store, &r, limits);
                let mut resp = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
                if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], reply.content_type.as_bytes()) {
                    resp = resp.with_header(h);
                }
                let _ = req.respond(resp);
            });
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

    fn store() -> Store {
        let st = Store::new().unwrap();
        let g = GraphName::NamedNode(NamedNode::new_unchecked("https://w3id.org/zonekg/id/article/a1"));
        let z = NamedNode::new_unchecked("https://w3id.org/zonekg/id/zone/甲高新区");
        st.insert(&Quad::new(z.clone(), NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NamedNode::new_unchecked("https://w3id.org/zonekg/ontology#Zone"), g.clone()))
            .unwrap();
        st.insert(&Quad::new(z, NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label"), Literal::new_language_tagged_literal_unchecked("甲高新区", "zh"), g)).unwrap();
        st
    }

    fn get(st: &Store, q: &str, accept: &str) -> Reply {
        let url = format!("/sparql?query={}", form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>());
        answer(st, &Request { method: "GET", url: &url, accept: Some(accept), ..Default::default() }, Limits::default())
    }

    #[test]
    fn select_in_every_results_format() {
        let st = store();
        let q = "SELECT ?l WHERE { ?z a zkg:Zone ; rdfs:label ?l }";
        let json = get(&st, q, "application/sparql-results+json");
        assert_eq!((json.status, json.content_type), (200, "application/sparql-results+json; charset=utf-8"));
        assert!(String::from_utf8_lossy(&json.body).contains("\"xml:lang\":\"zh\""), "{}", String::from_utf8_lossy(&json.body));
        assert!(String::from_utf8_lossy(&get(&st, q, "application/sparql-results+xml").body).contains("<literal xml:lang=\"zh\">甲高新区</literal>"));
        assert_eq!(String::from_utf8_lossy(&get(&st, q, "text/csv").body), "l\r\n甲高新区\r\n");
        assert_eq!(String::from_utf8_lossy(&get(&st, q, "text/tab-separated-values").body), "?l\n\"甲高新区\"@zh\n");
        // preferences and wildcards
        assert_eq!(get(&st, q, "text/csv;q=0.5, application/sparql-results+xml").content_type, "application/sparql-results+xml; charset=utf-8");
        assert_eq!(get(&st, q, "*/*").content_type, "application/sparql-results+json; charset=utf-8");
    }

    #[test]
    fn construct_as_turtle_or_ntriples_and_ask() {
        let st = store();
        let q = "CONSTRUCT { ?z rdfs:label ?l } WHERE { ?z rdfs:label ?l }";
        let ttl = get(&st, q, "text/turtle");
        assert_eq!(ttl.content_type, "text/turtle; charset=utf-8");
        assert!(String::from_utf8_lossy(&ttl.body).contains("rdfs:label \"甲高新区\"@zh"));
        let nt = get(&st, q, "application/n-triples");
        assert!(String::from_utf8_lossy(&nt.body).starts_with("<https://w3id.org/zonekg/id/zone/甲高新区> <http://www.w3.org/2000/01/rdf-schema#label>"));
        assert_eq!(String::from_utf8_lossy(&get(&st, "ASK { ?z a zkg:Zone }", "").body), "{\"head\":{},\"boolean\":true}");
    }

    #[test]
    fn post_forms_updates_errors_and_limits() {
        let st = store();
        let post = |ct: &str, body: &str| answer(&st, &Request { method: "POST", url: "/", content_type: Some(ct), accept: Some("text/csv"), body: body.as_bytes() }, Limits::default());
        assert_eq!(String::from_utf8_lossy(&post("application/sparql-query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").body), "n\r\n2\r\n");
        assert_eq!(post("application/x-www-form-urlencoded", "query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D").status, 200);
        for (ct, body) in [("application/sparql-update", "CLEAR ALL"), ("application/x-www-form-urlencoded", "update=CLEAR%20ALL")] {
            let r = post(ct, body);
            assert_eq!(r.status, 400);
            assert!(String::from_utf8_lossy(&r.body).contains("read-only"));
        }
        assert_eq!(st.len().unwrap(), 2, "nothing was changed");
        let bad = post("application/sparql-query", "SELECT ?x WHERE { ?x }");
        assert_eq!(bad.status, 400);
        assert!(String::from_utf8_lossy(&bad.body).starts_with("bad query:"));
        assert_eq!(post("text/plain", "SELECT * {}").status, 415);
        assert_eq!(answer(&st, &Request { method: "DELETE", url: "/", ..Default::default() }, Limits::default()).status, 405);
        assert_eq!(answer(&st, &Request { method: "GET", url: "/nowhere", ..Default::default() }, Limits::default()).status, 404);
        let page = answer(&st, &Request { method: "GET", url: "/", ..Default::default() }, Limits::default());
        assert!(page.content_type.starts_with("text/html") && String::from_utf8_lossy(&page.body).contains("<form"));
        // the result limit
        let few = Limits { max_results: 1, ..Limits::default() };
        let r = answer(&st, &Request { method: "POST", url: "/", content_type: Some("application/sparql-query"), body: b"SELECT * WHERE { ?s ?p ?o }", ..Default::default() }, few);
        assert_eq!(r.status, 400);
        assert!(String::from_utf8_lossy(&r.body).contains("more than 1 results"));
    }

    #[test]
    fn a_slow_query_is_stopped_at_the_time_limit() {
        let st = Store::new().unwrap();
        for i in 0..300 {
            let s = NamedNode::new_unchecked(format!("http://x/{i}"));
            st.insert(&Quad::new(s.clone(), s.clone(), s, GraphName::DefaultGraph)).unwrap();
        }
        let limits = Limits { timeout: Duration::from_millis(300), ..Limits::default() };
        let q = b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
        let t = std::time::Instant::now();
        let r = answer(&st, &Request { method: "POST", url: "/", content_type: Some("application/sparql-query"), body: q, ..Default::default() }, limits);
        assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
        assert!(String::from_utf8_lossy(&r.body).contains("ran out of time"));
        assert!(t.elapsed() < Duration::from_secs(3), "answered at the limit: {:?}", t.elapsed());
    }
}
