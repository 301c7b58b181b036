//! One article's named graph as compact statements: every IRI and literal
//! value once in a table, statements as indices into it. Building and
//! serialising a corpus statement by statement as oxigraph `Quad`s costs an
//! allocation per term and a copy of the graph name per statement; this form
//! costs one entry per distinct term, and N-Quads, N-Triples and Turtle are
//! written from it directly (`export::rdf`; other formats go through
//! [`ArticleGraph::to_quads`]).

use super::vocab::iri::XSD_STRING;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use rustc_hash::FxHashMap;

/// A literal's kind; the datatype or language is itself a table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lit {
    /// xsd:string
    Plain,
    /// a language-tagged string (the tag)
    Lang(u32),
    /// a typed literal (the datatype IRI)
    Typed(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Obj {
    Iri(u32),
    Lit(u32, Lit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stmt {
    pub s: u32,
    pub p: u32,
    pub o: Obj,
}

/// An object as text, for readers of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjRef<'a> {
    Iri(&'a str),
    Lit(&'a str),
}

/// The statements of one article graph, in the order they were made.
#[derive(Debug, Clone, Default)]
pub struct ArticleGraph {
    /// the graph's name (the article's IRI)
    pub name: String,
    terms: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
    pub stmts: Vec<Stmt>,
}

impl ArticleGraph {
    pub fn new(name: &str) -> Self {
        ArticleGraph { name: name.to_string(), ..Default::default() }
    }

    /// The table index of a term (IRI or literal value), adding it if new.
    pub fn term(&mut self, t: &str) -> u32 {
        if let Some(&i) = self.index.get(t) {
            return i;
        }
        let i = self.terms.len() as u32;
        self.terms.push(t.into());
        self.index.insert(t.into(), i);
        i
    }

    pub fn text(&self, i: u32) -> &str {
        &self.terms[i as usize]
    }

    /// The number of terms in the graph's table.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Adds a statement unless the graph has it already (first one wins).
    pub fn push(&mut self, s: u32, p: u32, o: Obj, seen: &mut rustc_hash::FxHashSet<Stmt>) {
        let st = Stmt { s, p, o };
        if seen.insert(st) {
            self.stmts.push(st);
        }
    }

    pub fn len(&self) -> usize {
        self.stmts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stmts.is_empty()
    }

    pub fn obj(&self, o: Obj) -> ObjRef<'_> {
        match o {
            Obj::Iri(i) => ObjRef::Iri(self.text(i)),
            Obj::Lit(v, _) => ObjRef::Lit(self.text(v)),
        }
    }

    /// (subject, predicate, object) as text, in order.
    pub fn triples(&self) -> impl Iterator<Item = (&str, &str, ObjRef<'_>)> {
        self.stmts.iter().map(|st| (self.text(st.s), self.text(st.p), self.obj(st.o)))
    }

    /// Whether a term is a provenance node: a mention, sentence or reified
    /// statement of this article (named `<article>#char=…`). Rules are not:
    /// their names and confidences are few, and a query that matches
    /// `rdfs:label` or `rdf:type` statements must see them in the facts.
    pub fn is_provenance_term(&self, t: &str) -> bool {
        t.strip_prefix(self.name.as_str()).is_some_and(|rest| rest.starts_with("#char="))
    }

    /// Puts the statements about provenance nodes after all the others,
    /// each part in its order: a reader that needs only the facts reads a
    /// file up to its first provenance statement ([`is_provenance_line`]).
    pub fn facts_first(&mut self) {
        let prov: Vec<bool> = self.terms.iter().map(|t| self.is_provenance_term(t)).collect();
        self.stmts.sort_by_key(|st| prov[st.s as usize]);
    }

    /// Whether a statement is about one of the article's own nodes (the
    /// article, its mentions, its reified statements), which no other
    /// article can repeat.
    pub fn owned(&self) -> Vec<bool> {
        let own: Vec<bool> = self.terms.iter().map(|t| is_owned_by(t, &self.name)).collect();
        self.stmts.iter().map(|st| own[st.s as usize]).collect()
    }

    /// A hash of a statement's text (independent of table order), 128 bits
    /// from two independent 64-bit hashes.
    pub fn hash(&self, st: &Stmt) -> (u64, u64) {
        let (s, p) = (self.text(st.s), self.text(st.p));
        let (o, kind): (&str, (u8, &str)) = match st.o {
            Obj::Iri(i) => (self.text(i), (0, "")),
            Obj::Lit(v, Lit::Plain) => (self.text(v), (1, "")),
            Obj::Lit(v, Lit::Lang(l)) => (self.text(v), (2, self.text(l))),
            Obj::Lit(v, Lit::Typed(d)) => (self.text(v), (3, self.text(d))),
        };
        hash128(&(s, p, o, kind))
    }

    fn term_of(&self, o: Obj) -> Term {
        match o {
            Obj::Iri(i) => NamedNode::new_unchecked(self.text(i)).into(),
            Obj::Lit(v, Lit::Plain) => Literal::new_simple_literal(self.text(v)).into(),
            Obj::Lit(v, Lit::Lang(l)) => Literal::new_language_tagged_literal_unchecked(self.text(v), self.text(l)).into(),
            Obj::Lit(v, Lit::Typed(d)) => Literal::new_typed_literal(self.text(v), NamedNode::new_unchecked(self.text(d))).into(),
        }
    }

    /// The statements as oxigraph quads: the article's evidence in its
    /// named graph, the facts in the default graph ([`is_owned_by`]).
    pub fn to_quads(&self) -> Vec<Quad> {
        let g = GraphName::NamedNode(NamedNode::new_unchecked(self.name.as_str()));
        let owned = self.owned();
        self.stmts
            .iter()
            .zip(owned)
            .map(|(st, own)| {
                let graph = if own { g.clone() } else { GraphName::DefaultGraph };
                Quad::new(NamedNode::new_unchecked(self.text(st.s)), NamedNode::new_unchecked(self.text(st.p)), self.term_of(st.o), graph)
            })
            .collect()
    }

    /// An article graph from quads (read from a store file); quads outside
    /// a named graph (its facts) or with blank nodes are kept under the
    /// first graph name seen, blank nodes as `_:` labels.
    pub fn from_quads(quads: &[Quad]) -> ArticleGraph {
        let name = quads.iter().find_map(|q| match &q.graph_name {
            GraphName::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        });
        let mut g = ArticleGraph::new(&name.unwrap_or_default());
        let mut seen = rustc_hash::FxHashSet::default();
        for q in quads {
            let s = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => g.term(n.as_str()),
                NamedOrBlankNode::BlankNode(b) => g.term(&format!("_:{}", b.as_str())),
            };
            let p = g.term(q.predicate.as_str());
            let o = match &q.object {
                Term::NamedNode(n) => Obj::Iri(g.term(n.as_str())),
                Term::BlankNode(b) => Obj::Iri(g.term(&format!("_:{}", b.as_str()))),
                Term::Literal(l) => {
                    let v = g.term(l.value());
                    let kind = if let Some(lang) = l.language() {
                        Lit::Lang(g.term(lang))
                    } else if l.datatype().as_str() == XSD_STRING {
                        Lit::Plain
                    } else {
                        Lit::Typed(g.term(l.datatype().as_str()))
                    };
                    Obj::Lit(v, kind)
                }
                #[allow(unreachable_patterns)]
                _ => continue,
            };
            g.push(s, p, o, &mut seen);
        }
        g
    }
}

/// Whether a node belongs to an article graph named `graph`: the article
/// itself and the nodes named under it (`<article>#char=…` mentions,
/// sentences and reified statements). Statements about them are the
/// article's evidence and stay in its named graph; statements about any
/// other node (an entity, a post, a figure, a rule) are facts, which
/// exports and queries hold once in the default graph (the merge).
pub fn is_owned_by(node: &str, graph: &str) -> bool {
    !graph.is_empty() && node.strip_prefix(graph).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '#']))
}

/// The IRI prefix of rule nodes.
pub const RULE_PREFIX: &str = "https://w3id.org/zonekg/id/rule/";

/// Whether an N-Quads line of an article graph is about a provenance node
/// (its subject is a `#char=` node): the facts of a graph written facts
/// first are the lines before the first such line.
pub fn is_provenance_line(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"<") else { return false };
    let Some(end) = memchr::memchr(b'>', rest) else { return false };
    memchr::memmem::find(&rest[..end], b"#char=").is_some()
}

/// 128 bits of hash from two independent 64-bit hashes (a collision needs both).
pub fn hash128<T: std::hash::Hash + ?Sized>(x: &T) -> (u64, u64) {
    use std::hash::Hasher;
    let mut a = rustc_hash::FxHasher::default();
    x.hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut b);
    (a.finish(), b.finish())
}

/// Removes characters XML 1.0 forbids (and that no reader wants in a literal).
pub fn clean_literal(s: &str) -> String {
    s.chars().filter(|&c| (!c.is_control() || matches!(c, '\n' | '\t' | '\r')) && c != '\u{FFFE}' && c != '\u{FFFF}').collect()
}
