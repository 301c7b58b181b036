//! Exports: RDF through oxigraph's serializers (Turtle, N-Triples, N-Quads,
//! TriG, RDF/XML, JSON-LD) and GraphML through quick-xml. Every file is
//! written to a temporary file beside its target and renamed into place, so a
//! failed run never leaves a half-written file; output is sorted, so the same
//! input gives byte-identical files.

use crate::extract::Kind;
use crate::graph::{EdgeKind, KnowledgeGraph, NodeData};
use crate::lexicon::ZoneClass;
use crate::stmts::{ArticleGraph, Lit, Obj, Stmt};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

pub const ZKG: &str = "https://w3id.org/zonekg/ontology#";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";

/// The prefixes every Turtle-like output and every query knows.
pub const PREFIXES: &[(&str, &str)] = &[("zkg", ZKG), ("rdf", RDF), ("rdfs", RDFS), ("skos", SKOS), ("dcterms", DCTERMS), ("xsd", XSD), ("owl", OWL), ("prov", PROV)];

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    RdfXml,
    JsonLd,
    GraphMl,
    Gexf,
    /// graph.nodes.csv + graph.relationships.csv for neo4j-admin database import
    Neo4jCsv,
    Cypher,
}

impl Format {
    pub const DEFAULT: &'static [Format] = &[Format::Turtle, Format::NQuads, Format::GraphMl];

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "ttl" | "turtle" => Format::Turtle,
            "nt" | "ntriples" | "n-triples" => Format::NTriples,
            "nq" | "nquads" | "n-quads" => Format::NQuads,
            "trig" => Format::TriG,
            "rdf" | "rdfxml" | "rdf/xml" | "xml" => Format::RdfXml,
            "jsonld" | "json-ld" => Format::JsonLd,
            "graphml" => Format::GraphMl,
            "gexf" => Format::Gexf,
            "neo4j-csv" | "neo4j" | "csv" => Format::Neo4jCsv,
            "cypher" | "cql" => Format::Cypher,
            _ => return None,
        })
    }

    /// Parses a comma-separated list (`ttl,nq,graphml`).
    pub fn parse_list(s: &str) -> Result<Vec<Format>, String> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let f = Format::parse(part).ok_or_else(|| format!("unknown format {part:?} (expected ttl, nt, nq, trig, rdf, jsonld, graphml, gexf, neo4j-csv, cypher)"))?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            return Err("no format given".into());
        }
        Ok(out)
    }

    pub fn ext(self) -> &'static str {
        match self {
            Format::Turtle => "ttl",
            Format::NTriples => "nt",
            Format::NQuads => "nq",
            Format::TriG => "trig",
            Format::RdfXml => "rdf",
            Format::JsonLd => "jsonld",
            Format::GraphMl => "graphml",
            Format::Gexf => "gexf",
            Format::Neo4jCsv => "csv",
            Format::Cypher => "cypher",
        }
    }

    /// The oxigraph format of an RDF export (None for property-graph formats).
    pub fn rdf_format(self) -> Option<RdfFormat> {
        Some(match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::NTriples => RdfFormat::NTriples,
            Format::NQuads => RdfFormat::NQuads,
            Format::TriG => RdfFormat::TriG,
            Format::RdfXml => RdfFormat::RdfXml,
            Format::JsonLd => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
            Format::GraphMl | Format::Gexf | Format::Neo4jCsv | Format::Cypher => return None,
        })
    }

    /// Keeps one named graph per article.
    pub fn is_dataset(self) -> bool {
        // JSON-LD gets the union graph: most JSON-LD readers (rdflib's Graph among them) drop named graphs
        matches!(self, Format::NQuads | Format::TriG)
    }
}

/// Removes characters XML 1.0 forbids (and that no reader wants in a literal).
pub fn clean_literal(s: &str) -> String {
    s.chars().filter(|&c| (!c.is_control() || matches!(c, '\n' | '\t' | '\r')) && c != '\u{FFFE}' && c != '\u{FFFF}').collect()
}

/// The class IRI of an entity node.
pub fn class_iri(kind: Kind, zone_class: Option<ZoneClass>, label: &str) -> String {
    match (kind, zone_class) {
        (Kind::Zone, Some(c)) => format!("{ZKG}{}", c.class_name()),
        (Kind::Organization, _) => format!("{ZKG}{}", crate::extract::org_class(label).unwrap_or("Organization")),
        _ => format!("{ZKG}{}", kind.class_name()),
    }
}

/// Builds the article graphs: terms go into each graph's table once.
struct Sink {
    per: Vec<ArticleGraph>,
    seen: Vec<rustc_hash::FxHashSet<Stmt>>,
}

/// An object before it is put in a graph's table.
enum O<'a> {
    Iri(&'a str),
    Zh(&'a str),
    Plain(&'a str),
    Typed(&'a str, &'static str),
}

const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";

impl Sink {
    fn add(&mut self, a: usize, s: &str, p: &str, o: O) {
        let g = &mut self.per[a];
        let (s, p) = (g.term(s), g.term(p));
        let o = match o {
            O::Iri(i) => Obj::Iri(g.term(i)),
            O::Zh(v) => {
                let v = g.term(&clean_literal(v));
                Obj::Lit(v, Lit::Lang(g.term("zh")))
            }
            O::Plain(v) => Obj::Lit(g.term(&clean_literal(v)), Lit::Plain),
            O::Typed(v, dt) => {
                let v = g.term(v);
                Obj::Lit(v, Lit::Typed(g.term(dt)))
            }
        };
        g.push(s, p, o, &mut self.seen[a]);
    }

    /// The provenance fields shared by mentions and reified statements.
    fn provenance(&mut self, node: &str, p: &crate::graph::Prov, article_iri: &str) {
        let a = p.article;
        let mut num = itoa::Buffer::new();
        self.add(a, node, P_IN_ARTICLE, O::Iri(article_iri));
        self.add(a, node, P_START, O::Typed(num.format(p.start), XSD_INTEGER));
        self.add(a, node, P_END, O::Typed(num.format(p.end), XSD_INTEGER));
        self.add(a, node, P_SENT_START, O::Typed(num.format(p.sentence.0), XSD_INTEGER));
        self.add(a, node, P_SENT_END, O::Typed(num.format(p.sentence.1), XSD_INTEGER));
        self.add(a, node, P_RULE, O::Plain(p.rule));
        self.add(a, node, P_CONFIDENCE, O::Typed(&dec(p.confidence), XSD_DECIMAL));
    }
}

macro_rules! zkg_iri {
    ($($name:ident = $local:literal),* $(,)?) => { $(const $name: &str = concat!("https://w3id.org/zonekg/ontology#", $local);)* };
}
zkg_iri!(
    P_IN_ARTICLE = "inArticle",
    P_START = "startOffset",
    P_END = "endOffset",
    P_SENT_START = "sentenceStart",
    P_SENT_END = "sentenceEnd",
    P_RULE = "rule",
    P_CONFIDENCE = "confidence",
    C_ARTICLE = "Article",
    P_SOURCE = "source",
    P_TEXT = "text",
    P_DATELINE = "dateline",
    P_MENTIONS = "mentions",
    C_POSITION = "Position",
    P_TITLE = "title",
    C_OBSERVATION = "Observation",
    P_INDICATOR = "indicator",
    P_VALUE = "value",
    P_UNIT = "unit",
    P_GROWTH = "growthRate",
    P_PERIOD = "period",
    P_QUALIFIER = "qualifier",
    P_SHARE = "share",
    C_MENTION = "Mention",
    P_REFERS_TO = "refersTo",
    P_RESOLUTION = "resolution",
);
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const SKOS_ALT: &str = "http://www.w3.org/2004/02/skos/core#altLabel";

fn dec(f: f32) -> String {
    format!("{:.2}", f)
}

/// [`article_quads`] as compact article graphs.
pub fn article_graphs(kg: &KnowledgeGraph) -> Vec<ArticleGraph> {
    let n = kg.articles.len();
    let mut sink = Sink { per: kg.articles.iter().map(|a| ArticleGraph::new(&a.iri)).collect(), seen: vec![Default::default(); n] };
    // articles
    for (ai, a) in kg.articles.iter().enumerate() {
        sink.add(ai, &a.iri, RDF_TYPE, O::Iri(C_ARTICLE));
        sink.add(ai, &a.iri, &format!("{DCTERMS}title"), O::Zh(&a.title));
        sink.add(ai, &a.iri, &format!("{DCTERMS}identifier"), O::Plain(&a.id));
        sink.add(ai, &a.iri, P_SOURCE, O::Plain(&a.source));
        sink.add(ai, &a.iri, P_TEXT, O::Zh(&a.text));
        if let Some(d) = &a.date {
            sink.add(ai, &a.iri, P_DATELINE, O::Plain(d));
        }
        for c in &a.creators {
            sink.add(ai, &a.iri, &format!("{DCTERMS}creator"), O::Iri(&kg.graph[*c].iri));
        }
    }
    // nodes
    for ix in kg.graph.node_indices() {
        let node = &kg.graph[ix];
        let arts = node.articles();
        for &ai in &arts {
            match &node.data {
                NodeData::Entity { zone_class, known_aliases, .. } => {
                    // the types this article gave it, and their core classes, so queries need no inference
                    for kind in node.kinds.get(&ai).into_iter().flatten() {
                        sink.add(ai, &node.iri, RDF_TYPE, O::Iri(&class_iri(*kind, *zone_class, &node.label)));
                        let core = match kind {
                            Kind::Company => Some(format!("{ZKG}Organization")),
                            Kind::Zone if zone_class.is_some() => Some(format!("{ZKG}Zone")),
                            Kind::Organization if crate::extract::org_class(&node.label).is_some() => Some(format!("{ZKG}Organization")),
                            _ => None,
                        };
                        if let Some(c) = core {
                            sink.add(ai, &node.iri, RDF_TYPE, O::Iri(&c));
                        }
                    }
                    sink.add(ai, &node.iri, RDFS_LABEL, O::Zh(&node.label));
                    let mut names: BTreeSet<&String> = node.names.get(&ai).map(|s| s.iter().collect()).unwrap_or_default();
                    names.extend(known_aliases.iter());
                    for name in names {
                        if name != &node.label {
                            sink.add(ai, &node.iri, SKOS_ALT, O::Zh(name));
                        }
                    }
                    sink.add(ai, &kg.articles[ai].iri, P_MENTIONS, O::Iri(&node.iri));
                }
                NodeData::Position { title } => {
                    sink.add(ai, &node.iri, RDF_TYPE, O::Iri(C_POSITION));
                    sink.add(ai, &node.iri, P_TITLE, O::Zh(title));
                    sink.add(ai, &node.iri, RDFS_LABEL, O::Zh(title));
                }
                NodeData::Observation { indicator, value, unit, growth, period, qualifier, share } => {
                    sink.add(ai, &node.iri, RDF_TYPE, O::Iri(C_OBSERVATION));
                    sink.add(ai, &node.iri, P_INDICATOR, O::Zh(indicator));
                    if let Some(v) = value {
                        sink.add(ai, &node.iri, P_VALUE, O::Typed(v, XSD_DECIMAL));
                    }
                    if let Some(u) = unit {
                        sink.add(ai, &node.iri, P_UNIT, O::Plain(u));
                    }
                    if let Some(v) = growth {
                        sink.add(ai, &node.iri, P_GROWTH, O::Typed(v, XSD_DECIMAL));
                    }
                    if let Some(p) = period {
                        sink.add(ai, &node.iri, P_PERIOD, O::Plain(p));
                    }
                    if let Some(q) = qualifier {
                        sink.add(ai, &node.iri, P_QUALIFIER, O::Plain(q));
                    }
                    if let Some(v) = share {
                        sink.add(ai, &node.iri, P_SHARE, O::Typed(v, XSD_DECIMAL));
                    }
                }
            }
        }
        // provenance: one mention node per span
        let kind_slug = match &node.data {
            NodeData::Entity { kind, .. } => kind.slug(),
            NodeData::Position { .. } => "position",
            NodeData::Observation { .. } => "observation",
        };
        for p in &node.prov {
            let a = &kg.articles[p.article];
            let m = format!("{}/mention/{}-{}/{}", a.iri, p.start, p.end, kind_slug);
            sink.add(p.article, &m, RDF_TYPE, O::Iri(C_MENTION));
            sink.add(p.article, &m, P_REFERS_TO, O::Iri(&node.iri));
            sink.provenance(&m, p, &a.iri);
            // how it joined its entity, when it took more than the same name
            if p.resolution != "same-name" {
                sink.add(p.article, &m, P_RESOLUTION, O::Plain(p.resolution));
            }
        }
    }
    // edges, and a reified statement per supporting span
    let (rdf_statement, rdf_subject, rdf_predicate, rdf_object) = (format!("{RDF}Statement"), format!("{RDF}subject"), format!("{RDF}predicate"), format!("{RDF}object"));
    for e in (&kg.graph).edge_references() {
        let (s, o) = (&kg.graph[e.source()].iri, &kg.graph[e.target()].iri);
        let pred = format!("{ZKG}{}", e.weight().kind.local());
        let arts: BTreeSet<usize> = e.weight().prov.iter().map(|p| p.article).collect();
        for &ai in &arts {
            sink.add(ai, s, &pred, O::Iri(o));
        }
        if matches!(e.weight().kind, EdgeKind::Rel(_)) {
            for p in &e.weight().prov {
                let a = &kg.articles[p.article];
                let st = format!("{}/statement/{}", a.iri, crate::resolve::short_hash(&format!("{s}|{}|{o}|{}|{}", pred, p.start, p.end)));
                sink.add(p.article, &st, RDF_TYPE, O::Iri(&rdf_statement));
                sink.add(p.article, &st, &rdf_subject, O::Iri(s));
                sink.add(p.article, &st, &rdf_predicate, O::Iri(&pred));
                sink.add(p.article, &st, &rdf_object, O::Iri(o));
                sink.provenance(&st, p, &a.iri);
            }
        }
    }
    // first occurrence wins (Sink::add); the order is the order of
    // generation, which for a graph of one article depends on that article alone
    sink.per
}

/// [`quads_of_article`] as a compact article graph.
pub fn graph_of_article(a: &crate::text::Article, ex: &crate::extract::Extraction) -> ArticleGraph {
    let mut kg = KnowledgeGraph::new();
    crate::resolve::add_article(&mut kg, a, ex);
    article_graphs(&kg).pop().unwrap_or_default()
}

/// Writes a file atomically: into a temporary file in the same folder, then
/// renamed over the target.
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    write_atomic_opt(path, true, f)
}

/// As [`write_atomic`]; `sync` false skips the fsync (for many small files:
/// the rename still never exposes a half-written file to readers).
pub fn write_atomic_opt(path: &Path, sync: bool, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".zonekg-").suffix(".tmp").tempfile_in(dir)?;
    {
        let mut bw = io::BufWriter::new(tmp.as_file_mut());
        f(&mut bw)?;
        bw.flush()?;
    }
    if sync {
        tmp.as_file().sync_all()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists_parse() {
        assert_eq!(Format::parse_list("ttl, nq,graphml").unwrap(), vec![Format::Turtle, Format::NQuads, Format::GraphMl]);
        assert!(Format::parse_list("ttl,xyz").unwrap_err().contains("xyz"));
    }

    #[test]
    fn literals_drop_xml_forbidden_chars() {
        assert_eq!(clean_literal("a\u{1}b\nc"), "ab\nc");
    }

    #[test]
    fn atomic_write_leaves_old_file_on_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("graph.ttl");
        std::fs::write(&p, "old").unwrap();
        let r = write_atomic(&p, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file left");
    }
}
