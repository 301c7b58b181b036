//! The RDF text formats written straight from an [`ArticleGraph`]: N-Triples
//! and N-Quads lines and Turtle grouped by subject (the other RDF formats go
//! through oxigraph's serializers).

use crate::model::stmts::{ArticleGraph, Lit, Obj, Stmt};
use crate::model::vocab::{iri::RDF_TYPE, PREFIXES, XSD};

/// Writes an IRI (or a `_:` blank node label) in N-Triples form.
fn iri_nt(out: &mut Vec<u8>, iri: &str) {
    if iri.starts_with("_:") {
        out.extend_from_slice(iri.as_bytes());
    } else {
        out.push(b'<');
        out.extend_from_slice(iri.as_bytes());
        out.push(b'>');
    }
}

/// Writes a quoted string with the escapes N-Triples, N-Quads and Turtle share.
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let b = s.as_bytes();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f | 0x7f => b"",
            _ => continue,
        };
        out.extend_from_slice(&b[from..i]);
        if esc.is_empty() {
            out.extend_from_slice(format!("\\u{:04X}", c).as_bytes());
        } else {
            out.extend_from_slice(esc);
        }
        from = i + 1;
    }
    out.extend_from_slice(&b[from..]);
    out.push(b'"');
}

fn object_nt(out: &mut Vec<u8>, g: &ArticleGraph, o: Obj) {
    match o {
        Obj::Iri(i) => iri_nt(out, g.text(i)),
        Obj::Lit(v, kind) => {
            quoted(out, g.text(v));
            match kind {
                Lit::Plain => {}
                Lit::Lang(l) => {
                    out.push(b'@');
                    out.extend_from_slice(g.text(l).as_bytes());
                }
                Lit::Typed(d) => {
                    out.extend_from_slice(b"^^");
                    iri_nt(out, g.text(d));
                }
            }
        }
    }
}

/// One statement as an N-Triples line (`graph`: as an N-Quads line).
pub fn write_nt(out: &mut Vec<u8>, g: &ArticleGraph, st: &Stmt, graph: bool) {
    iri_nt(out, g.text(st.s));
    out.push(b' ');
    iri_nt(out, g.text(st.p));
    out.push(b' ');
    object_nt(out, g, st.o);
    if graph {
        out.push(b' ');
        iri_nt(out, &g.name);
    }
    out.extend_from_slice(b" .\n");
}

/// The whole graph in N-Quads.
pub fn nquads(g: &ArticleGraph) -> Vec<u8> {
    let mut out = Vec::with_capacity(g.stmts.len() * 256);
    for st in &g.stmts {
        write_nt(&mut out, g, st, true);
    }
    out
}

/// An IRI in Turtle: a prefixed name when one of [`PREFIXES`] covers it with
/// a plain local name, else in angle brackets.
fn iri_ttl(out: &mut Vec<u8>, iri: &str) {
    for (p, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            let plain = local.bytes().next().is_some_and(|c| c.is_ascii_alphabetic()) && local.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
            if plain {
                out.extend_from_slice(p.as_bytes());
                out.push(b':');
                out.extend_from_slice(local.as_bytes());
                return;
            }
        }
    }
    iri_nt(out, iri);
}

fn bare_number(v: &str, decimal: bool) -> bool {
    let d = v.strip_prefix(['+', '-']).unwrap_or(v);
    if decimal {
        match d.split_once('.') {
            Some((i, f)) => i.bytes().all(|c| c.is_ascii_digit()) && !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()),
            None => false,
        }
    } else {
        !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())
    }
}

fn object_ttl(out: &mut Vec<u8>, g: &ArticleGraph, o: Obj) {
    match o {
        Obj::Iri(i) => iri_ttl(out, g.text(i)),
        Obj::Lit(v, Lit::Typed(d)) => {
            let (v, d) = (g.text(v), g.text(d));
            let is = |local: &str| d.strip_prefix(XSD) == Some(local);
            if (is("integer") && bare_number(v, false)) || (is("decimal") && bare_number(v, true)) {
                out.extend_from_slice(v.as_bytes());
            } else {
                quoted(out, v);
                out.extend_from_slice(b"^^");
                iri_ttl(out, d);
            }
        }
        o => object_nt(out, g, o),
    }
}

/// A statement in Turtle, in three parts: the subject, the predicate (with
/// a space before), the object (with a space before); returns the two cuts.
/// Consecutive statements share a subject (`;`) or subject and predicate (`,`).
pub fn ttl_parts(out: &mut Vec<u8>, g: &ArticleGraph, st: &Stmt) -> (usize, usize) {
    iri_ttl(out, g.text(st.s));
    let cut_s = out.len();
    out.push(b' ');
    if g.text(st.p) == RDF_TYPE {
        out.push(b'a');
    } else {
        iri_ttl(out, g.text(st.p));
    }
    let cut_p = out.len();
    out.push(b' ');
    object_ttl(out, g, st.o);
    (cut_s, cut_p)
}

/// Joins Turtle statement parts: a subject continues with `;`, a predicate
/// with `,`, a new subject closes the last with ` .`. Call
/// [`TurtleJoin::end`] after the last.
#[derive(Default)]
pub struct TurtleJoin {
    last_subject: Vec<u8>,
    last_predicate: Vec<u8>,
    open: bool,
}

impl TurtleJoin {
    pub fn add(&mut self, out: &mut Vec<u8>, subject: &[u8], predicate: &[u8], object: &[u8]) {
        if self.open && self.last_subject == subject {
            if self.last_predicate == predicate {
                out.extend_from_slice(b" ,");
            } else {
                out.extend_from_slice(b" ;\n\t");
                out.extend_from_slice(&predicate[1..]);
                self.last_predicate.clear();
                self.last_predicate.extend_from_slice(predicate);
            }
            out.extend_from_slice(object);
        } else {
            if self.open {
                out.extend_from_slice(b" .\n");
            }
            out.extend_from_slice(subject);
            out.extend_from_slice(predicate);
            out.extend_from_slice(object);
            self.last_subject.clear();
            self.last_subject.extend_from_slice(subject);
            self.last_predicate.clear();
            self.last_predicate.extend_from_slice(predicate);
            self.open = true;
        }
    }

    pub fn end(&mut self, out: &mut Vec<u8>) {
        if self.open {
            out.extend_from_slice(b" .\n");
        }
        self.open = false;
        self.last_subject.clear();
        self.last_predicate.clear();
    }
}

/// Turtle of some statements (no prefix lines), grouped by subject.
pub fn turtle<'a>(g: &ArticleGraph, stmts: impl Iterator<Item = &'a Stmt>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut join = TurtleJoin::default();
    for st in stmts {
        buf.clear();
        let (a, b) = ttl_parts(&mut buf, g, st);
        join.add(&mut out, &buf[..a], &buf[a..b], &buf[b..]);
    }
    join.end(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::Quad;

    fn sample() -> ArticleGraph {
        let mut g = ArticleGraph::new("https://w3id.org/zonekg/id/article/a1");
        let mut seen = Default::default();
        let a = g.term("https://w3id.org/zonekg/id/article/a1");
        let m = g.term("https://w3id.org/zonekg/id/article/a1/mention/0-5/zone");
        let z = g.term("https://w3id.org/zonekg/id/zone/沈阳高新区");
        let ty = g.term("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        let cls = g.term("https://w3id.org/zonekg/ontology#Zone");
        let label = g.term("http://www.w3.org/2000/01/rdf-schema#label");
        let text = g.term("https://w3id.org/zonekg/ontology#text");
        let start = g.term("https://w3id.org/zonekg/ontology#startOffset");
        let conf = g.term("https://w3id.org/zonekg/ontology#confidence");
        let zh = g.term("zh");
        let int = g.term("http://www.w3.org/2001/XMLSchema#integer");
        let dec = g.term("http://www.w3.org/2001/XMLSchema#decimal");
        let v = g.term("沈阳高新区");
        let t = g.term("第一行\n\"引号\" \\ \t\u{1}");
        let zero = g.term("0");
        let c = g.term("0.98");
        g.push(z, ty, Obj::Iri(cls), &mut seen);
        g.push(z, label, Obj::Lit(v, Lit::Lang(zh)), &mut seen);
        g.push(z, label, Obj::Lit(v, Lit::Lang(zh)), &mut seen); // a repeat: dropped
        let v2 = g.term("沈阳国家高新区");
        g.push(z, label, Obj::Lit(v2, Lit::Lang(zh)), &mut seen);
        g.push(a, text, Obj::Lit(t, Lit::Plain), &mut seen);
        g.push(m, start, Obj::Lit(zero, Lit::Typed(int)), &mut seen);
        g.push(m, conf, Obj::Lit(c, Lit::Typed(dec)), &mut seen);
        g
    }

    #[test]
    fn nquads_and_turtle_parse_back_to_the_same_quads() {
        let g = sample();
        assert_eq!(g.len(), 6);
        let want: Vec<Quad> = g.to_quads();
        let nq: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads).for_slice(&nquads(&g)).collect::<Result<_, _>>().unwrap();
        assert_eq!(nq, want);
        let mut ttl = Vec::new();
        for (p, ns) in PREFIXES {
            ttl.extend_from_slice(format!("@prefix {p}: <{ns}> .\n").as_bytes());
        }
        ttl.extend(turtle(&g, g.stmts.iter()));
        let back: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle).for_slice(&ttl).map(|t| t.unwrap()).collect();
        let strip = |q: &Quad| (q.subject.clone(), q.predicate.clone(), q.object.clone());
        assert_eq!(back.iter().map(strip).collect::<Vec<_>>(), want.iter().map(strip).collect::<Vec<_>>());
        // grouped by subject, numbers bare
        let s = String::from_utf8(ttl).unwrap();
        assert!(s.contains("a zkg:Zone ;\n\trdfs:label \"沈阳高新区\"@zh , \"沈阳国家高新区\"@zh ."), "{s}");
        assert!(s.contains("zkg:startOffset 0 ;\n\tzkg:confidence 0.98 ."), "{s}");
    }

    #[test]
    fn from_quads_round_trips() {
        let g = sample();
        let back = ArticleGraph::from_quads(&g.to_quads());
        assert_eq!(nquads(&back), nquads(&g));
        assert_eq!(back.hash(&back.stmts[1]), g.hash(&g.stmts[1]));
        assert_ne!(g.hash(&g.stmts[0]), g.hash(&g.stmts[1]));
        assert_eq!(g.owned(), vec![false, false, false, true, true, true]);
    }
}
