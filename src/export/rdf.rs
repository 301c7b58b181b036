//! The RDF text formats written straight from an [`ArticleGraph`]: N-Triples
//! and N-Quads lines and Turtle grouped by subject (the other RDF formats go
//! through oxigraph's serializers).

use crate::model::stmts::{ArticleGraph, Lit, Obj, Stmt};
#[cfg(doc)]
use crate::model::vocab::ID_FAMILIES;
use crate::model::vocab::{id_prefix, iri::RDF_TYPE, ID, PREFIXES, XSD};

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
pub fn quoted(out: &mut Vec<u8>, s: &str) {
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

/// The whole graph in N-Quads: the statements about the article's own
/// nodes in its named graph, the facts in the default graph (`owned`, from
/// [`ArticleGraph::owned`]); and where each fact's line is.
pub fn nquads_with(g: &ArticleGraph, owned: &[bool]) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut out = Vec::with_capacity(g.stmts.len() * 200);
    let mut facts = Vec::new();
    for (st, &own) in g.stmts.iter().zip(owned) {
        let start = out.len();
        write_nt(&mut out, g, st, own);
        if !own {
            facts.push((start, out.len()));
        }
    }
    (out, facts)
}

/// The whole graph in N-Quads (see [`nquads_with`]).
pub fn nquads(g: &ArticleGraph) -> Vec<u8> {
    nquads_with(g, &g.owned()).0
}

/// Turtle's PN_CHARS_BASE.
fn pn_chars_base(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Turtle's PN_CHARS.
fn pn_chars(c: char) -> bool {
    pn_chars_base(c) || matches!(c, '_' | '-' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Writes `local` as a Turtle local name (PN_LOCAL), with `\\` before the
/// characters the grammar allows only escaped; false (and nothing written)
/// when a character cannot be written in a local name at all. Copies runs
/// of plain characters at once.
fn write_local(out: &mut Vec<u8>, local: &str) -> bool {
    let start = out.len();
    let b = local.as_bytes();
    let mut run = 0;
    for (i, c) in local.char_indices() {
        let plain = match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '_' | ':' => true,
            '-' => i > 0,
            '.' => i > 0 && i + 1 < b.len(),
            '%' => b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit(),
            c if c.is_ascii() => false,
            c => {
                if i == 0 {
                    pn_chars_base(c)
                } else {
                    pn_chars(c)
                }
            }
        };
        if plain {
            continue;
        }
        if !"_~.-!$&'()*+,;=/?#@%".contains(c) {
            out.truncate(start);
            return false;
        }
        out.extend_from_slice(&b[run..i]);
        out.push(b'\\');
        out.push(c as u8);
        run = i + 1;
    }
    out.extend_from_slice(&b[run..]);
    true
}

/// The Turtle form of a graph's IRI terms, each made once: an article's
/// statements name the same few nodes again and again. The article's own
/// span nodes (`<article>#char=…`: its mentions, sentences and reified
/// statements, half of a Turtle file) are written with the prefix `span:`,
/// which [`TtlTerms::prefix_line`] binds to `<article>#char=` before the
/// article's block: `span:0\,5` is `<article>#char=0,5`.
pub struct TtlTerms {
    buf: Vec<u8>,
    /// where each term's form is in `buf` (`u32::MAX`: not made yet)
    at: Vec<(u32, u32)>,
    /// `<article>#char=`
    spans: String,
}

impl TtlTerms {
    pub fn new(g: &ArticleGraph) -> Self {
        TtlTerms { buf: Vec::new(), at: vec![(0, u32::MAX); g.term_count()], spans: format!("{}#char=", g.name) }
    }

    /// The directive that binds `span:` to this article's span nodes (a
    /// prefix may be bound again further on in a Turtle document; each
    /// article's block binds it anew).
    pub fn prefix_line(&self) -> Vec<u8> {
        let mut out = b"@prefix span: ".to_vec();
        iri_nt(&mut out, &self.spans);
        out.extend_from_slice(b" .\n");
        out
    }

    fn iri(&mut self, out: &mut Vec<u8>, g: &ArticleGraph, id: u32) {
        let (mut s, mut e) = self.at[id as usize];
        if e == u32::MAX {
            s = self.buf.len() as u32;
            let iri = g.text(id);
            let local = iri.strip_prefix(self.spans.as_str());
            let prefixed = local.is_some_and(|l| {
                self.buf.extend_from_slice(b"span:");
                write_local(&mut self.buf, l) || {
                    self.buf.truncate(s as usize);
                    false
                }
            });
            if !prefixed {
                iri_ttl(&mut self.buf, iri);
            }
            e = self.buf.len() as u32;
            self.at[id as usize] = (s, e);
        }
        out.extend_from_slice(&self.buf[s as usize..e as usize]);
    }
}

/// An IRI in Turtle: a prefixed name when one of [`PREFIXES`] covers it with
/// a plain local name or it is one of zonekg's nodes (`zone:沈阳高新区`, see
/// [`ID_FAMILIES`]), else in angle brackets.
fn iri_ttl(out: &mut Vec<u8>, iri: &str) {
    if let Some((segment, local)) = iri.strip_prefix(ID).and_then(|r| r.split_once('/')) {
        if let Some(p) = id_prefix(segment) {
            let start = out.len();
            out.extend_from_slice(p.as_bytes());
            out.push(b':');
            if write_local(out, local) {
                return;
            }
            out.truncate(start);
        }
    }
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

fn object_ttl(out: &mut Vec<u8>, g: &ArticleGraph, o: Obj, terms: &mut TtlTerms) {
    match o {
        Obj::Iri(i) => terms.iri(out, g, i),
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
pub fn ttl_parts(out: &mut Vec<u8>, g: &ArticleGraph, st: &Stmt, terms: &mut TtlTerms) -> (usize, usize) {
    terms.iri(out, g, st.s);
    let cut_s = out.len();
    out.push(b' ');
    if g.text(st.p) == RDF_TYPE {
        out.push(b'a');
    } else {
        terms.iri(out, g, st.p);
    }
    let cut_p = out.len();
    out.push(b' ');
    object_ttl(out, g, st.o, terms);
    (cut_s, cut_p)
}

/// Joins Turtle statement parts: a subject continues with `;`, a predicate
/// with `,`, a new subject closes the last with ` .`. Call
/// [`TurtleJoin::end`] after the last. A mention or reified statement
/// (`span:` subject, a few short statements) takes one line; other nodes
/// a line per predicate.
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
                out.extend_from_slice(if subject.starts_with(b"span:") { b" ; " } else { b" ;\n\t" });
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
pub fn turtle<'a>(g: &ArticleGraph, stmts: impl Iterator<Item = &'a Stmt>, terms: &mut TtlTerms) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut join = TurtleJoin::default();
    for st in stmts {
        buf.clear();
        let (a, b) = ttl_parts(&mut buf, g, st, terms);
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
        for (p, ns) in crate::model::vocab::turtle_prefixes() {
            ttl.extend_from_slice(format!("@prefix {p}: <{ns}> .\n").as_bytes());
        }
        ttl.extend(turtle(&g, g.stmts.iter(), &mut TtlTerms::new(&g)));
        let back: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle).for_slice(&ttl).map(|t| t.unwrap()).collect();
        let strip = |q: &Quad| (q.subject.clone(), q.predicate.clone(), q.object.clone());
        assert_eq!(back.iter().map(strip).collect::<Vec<_>>(), want.iter().map(strip).collect::<Vec<_>>());
        // grouped by subject, numbers bare
        let s = String::from_utf8(ttl).unwrap();
        assert!(s.contains("a zkg:Zone ;\n\trdfs:label \"沈阳高新区\"@zh , \"沈阳国家高新区\"@zh ."), "{s}");
        assert!(s.contains("zkg:startOffset 0 ;\n\tzkg:confidence 0.98 ."), "{s}");
    }

    #[test]
    fn node_iris_are_prefixed_names_that_parse_back() {
        let locals =
            ["a1#char=0,5", "a1#char=0,5&r=57ce5817", "zone%2Elexicon", "沈阳高新区", "ABC%28中国%29有限公司", "-x.", ".x", "1号", "a/b?c=d;e", "x²", "“一件事一次办”", "tab\there", "a'b(c)*+!$~@"];
        let mut ttl = b"@prefix zone: <https://w3id.org/zonekg/id/zone/> .\n@prefix article: <https://w3id.org/zonekg/id/article/> .\n".to_vec();
        let mut want = Vec::new();
        for (i, l) in locals.iter().enumerate() {
            let seg = if i % 2 == 0 { "zone" } else { "article" };
            let iri = format!("{ID}{seg}/{l}");
            let mut buf = Vec::new();
            iri_ttl(&mut buf, &iri);
            let written = String::from_utf8(buf.clone()).unwrap();
            // prefixed whenever the local name can be written
            assert_eq!(written.starts_with('<'), l.contains(['²', '“', '\t']), "{written}");
            ttl.extend_from_slice(&buf);
            ttl.extend_from_slice(b" <http://e/p> 1 .\n");
            if !l.contains('\t') {
                want.push(iri);
            }
        }
        // the one with a tab is no valid IRI either: keep the document valid without it
        let ttl: Vec<u8> = String::from_utf8(ttl).unwrap().lines().filter(|l| !l.contains('\t')).flat_map(|l| format!("{l}\n").into_bytes()).collect();
        let back: Vec<String> = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(&ttl)
            .map(|q| match q.unwrap().subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.into_string(),
                s => panic!("{s}"),
            })
            .collect();
        assert_eq!(back, want, "{}", String::from_utf8_lossy(&ttl));
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
