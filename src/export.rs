//! Exports: RDF through oxigraph's serializers (Turtle, N-Triples, N-Quads,
//! TriG, RDF/XML, JSON-LD) and GraphML through quick-xml. Every file is
//! written to a temporary file beside its target and renamed into place, so a
//! failed run never leaves a half-written file; output is sorted, so the same
//! input gives byte-identical files.

use crate::extract::Kind;
use crate::graph::{EdgeKind, KnowledgeGraph, NodeData};
use crate::view::ViewMode;
use crate::lexicon::ZoneClass;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, NamedOrBlankNode, Term};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const ZKG: &str = "https://w3id.org/zonekg/ontology#";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";

/// The prefixes every Turtle-like output and every query knows.
pub const PREFIXES: &[(&str, &str)] = &[
    ("zkg", ZKG),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("xsd", XSD),
    ("owl", OWL),
    ("prov", PROV),
];

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

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}
fn zkg(local: &str) -> NamedNode {
    nn(&format!("{ZKG}{local}"))
}
fn zh(s: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(clean_literal(s), "zh").into()
}
fn plain(s: &str) -> Term {
    Literal::new_simple_literal(clean_literal(s)).into()
}
fn typed(s: &str, dt: &str) -> Term {
    Literal::new_typed_literal(s, nn(&format!("{XSD}{dt}"))).into()
}

/// The class IRI of an entity node.
pub fn class_iri(kind: Kind, zone_class: Option<ZoneClass>, label: &str) -> String {
    match (kind, zone_class) {
        (Kind::Zone, Some(c)) => format!("{ZKG}{}", c.class_name()),
        (Kind::Organization, _) => format!("{ZKG}{}", crate::extract::org_class(label).unwrap_or("Organization")),
        _ => format!("{ZKG}{}", kind.class_name()),
    }
}

struct Sink {
    per: Vec<Vec<Quad>>,
}

impl Sink {
    fn add(&mut self, a: usize, s: &str, p: NamedNode, o: Term, g: &GraphName) {
        self.per[a].push(Quad::new(NamedOrBlankNode::NamedNode(nn(s)), p, o, g.clone()));
    }

    /// The provenance fields shared by mentions and reified statements.
    fn provenance(&mut self, node: &str, p: &crate::graph::Prov, article_iri: &str, g: &GraphName) {
        let a = p.article;
        self.add(a, node, zkg("inArticle"), nn(article_iri).into(), g);
        self.add(a, node, zkg("startOffset"), typed(&p.start.to_string(), "integer"), g);
        self.add(a, node, zkg("endOffset"), typed(&p.end.to_string(), "integer"), g);
        self.add(a, node, zkg("sentenceStart"), typed(&p.sentence.0.to_string(), "integer"), g);
        self.add(a, node, zkg("sentenceEnd"), typed(&p.sentence.1.to_string(), "integer"), g);
        self.add(a, node, zkg("rule"), plain(p.rule), g);
        self.add(a, node, zkg("confidence"), typed(&dec(p.confidence), "decimal"), g);
    }
}

fn dec(f: f32) -> String {
    format!("{:.2}", f)
}

/// The statements of the graph, one list per article (its named graph), in
/// the order they are generated; articles in the order of `kg.articles`. For
/// exports use [`quads_of_article`], whose output depends on one article only.
pub fn article_quads(kg: &KnowledgeGraph) -> Vec<Vec<Quad>> {
    let n = kg.articles.len();
    let mut sink = Sink { per: vec![Vec::new(); n] };
    let graphs: Vec<GraphName> = kg.articles.iter().map(|a| GraphName::NamedNode(nn(&a.iri))).collect();
    let rdf_type = nn(&format!("{RDF}type"));
    let label = nn(&format!("{RDFS}label"));
    let alt = nn(&format!("{SKOS}altLabel"));
    // articles
    for (ai, a) in kg.articles.iter().enumerate() {
        let g = &graphs[ai];
        sink.add(ai, &a.iri, rdf_type.clone(), zkg("Article").into(), g);
        sink.add(ai, &a.iri, nn(&format!("{DCTERMS}title")), zh(&a.title), g);
        sink.add(ai, &a.iri, nn(&format!("{DCTERMS}identifier")), plain(&a.id), g);
        sink.add(ai, &a.iri, zkg("source"), plain(&a.source), g);
        sink.add(ai, &a.iri, zkg("text"), zh(&a.text), g);
        if let Some(d) = &a.date {
            sink.add(ai, &a.iri, zkg("dateline"), plain(d), g);
        }
        for c in &a.creators {
            sink.add(ai, &a.iri, nn(&format!("{DCTERMS}creator")), nn(&kg.graph[*c].iri).into(), g);
        }
    }
    // nodes
    for ix in kg.graph.node_indices() {
        let node = &kg.graph[ix];
        let arts = node.articles();
        for &ai in &arts {
            let g = &graphs[ai];
            match &node.data {
                NodeData::Entity { zone_class, known_aliases, .. } => {
                    // the types this article gave it, and their core classes, so queries need no inference
                    for kind in node.kinds.get(&ai).into_iter().flatten() {
                        sink.add(ai, &node.iri, rdf_type.clone(), nn(&class_iri(*kind, *zone_class, &node.label)).into(), g);
                        let core = match kind {
                            Kind::Company => Some(format!("{ZKG}Organization")),
                            Kind::Zone if zone_class.is_some() => Some(format!("{ZKG}Zone")),
                            Kind::Organization if crate::extract::org_class(&node.label).is_some() => Some(format!("{ZKG}Organization")),
                            _ => None,
                        };
                        if let Some(c) = core {
                            sink.add(ai, &node.iri, rdf_type.clone(), nn(&c).into(), g);
                        }
                    }
                    sink.add(ai, &node.iri, label.clone(), zh(&node.label), g);
                    let mut names: BTreeSet<&String> = node.names.get(&ai).map(|s| s.iter().collect()).unwrap_or_default();
                    names.extend(known_aliases.iter());
                    for name in names {
                        if name != &node.label {
                            sink.add(ai, &node.iri, alt.clone(), zh(name), g);
                        }
                    }
                    sink.add(ai, &kg.articles[ai].iri, zkg("mentions"), nn(&node.iri).into(), g);
                }
                NodeData::Position { title } => {
                    sink.add(ai, &node.iri, rdf_type.clone(), zkg("Position").into(), g);
                    sink.add(ai, &node.iri, zkg("title"), zh(title), g);
                    sink.add(ai, &node.iri, label.clone(), zh(title), g);
                }
                NodeData::Observation { indicator, value, unit, growth, period, qualifier, share } => {
                    sink.add(ai, &node.iri, rdf_type.clone(), zkg("Observation").into(), g);
                    sink.add(ai, &node.iri, zkg("indicator"), zh(indicator), g);
                    if let Some(v) = value {
                        sink.add(ai, &node.iri, zkg("value"), typed(v, "decimal"), g);
                    }
                    if let Some(u) = unit {
                        sink.add(ai, &node.iri, zkg("unit"), plain(u), g);
                    }
                    if let Some(v) = growth {
                        sink.add(ai, &node.iri, zkg("growthRate"), typed(v, "decimal"), g);
                    }
                    if let Some(p) = period {
                        sink.add(ai, &node.iri, zkg("period"), plain(p), g);
                    }
                    if let Some(q) = qualifier {
                        sink.add(ai, &node.iri, zkg("qualifier"), plain(q), g);
                    }
                    if let Some(v) = share {
                        sink.add(ai, &node.iri, zkg("share"), typed(v, "decimal"), g);
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
            let g = &graphs[p.article];
            let m = format!("{}/mention/{}-{}/{}", a.iri, p.start, p.end, kind_slug);
            sink.add(p.article, &m, rdf_type.clone(), zkg("Mention").into(), g);
            sink.add(p.article, &m, zkg("refersTo"), nn(&node.iri).into(), g);
            sink.provenance(&m, p, &a.iri, g);
            // how it joined its entity, when it took more than the same name
            if p.resolution != "same-name" {
                sink.add(p.article, &m, zkg("resolution"), plain(p.resolution), g);
            }
        }
    }
    // edges, and a reified statement per supporting span
    for e in (&kg.graph).edge_references() {
        let (s, o) = (&kg.graph[e.source()].iri, &kg.graph[e.target()].iri);
        let pred = zkg(e.weight().kind.local());
        let arts: BTreeSet<usize> = e.weight().prov.iter().map(|p| p.article).collect();
        for &ai in &arts {
            sink.add(ai, s, pred.clone(), nn(o).into(), &graphs[ai]);
        }
        if matches!(e.weight().kind, EdgeKind::Rel(_)) {
            for p in &e.weight().prov {
                let a = &kg.articles[p.article];
                let g = &graphs[p.article];
                let st = format!("{}/statement/{}", a.iri, crate::resolve::short_hash(&format!("{s}|{}|{o}|{}|{}", pred.as_str(), p.start, p.end)));
                sink.add(p.article, &st, rdf_type.clone(), nn(&format!("{RDF}Statement")).into(), g);
                sink.add(p.article, &st, nn(&format!("{RDF}subject")), nn(s).into(), g);
                sink.add(p.article, &st, nn(&format!("{RDF}predicate")), pred.clone().into(), g);
                sink.add(p.article, &st, nn(&format!("{RDF}object")), nn(o).into(), g);
                sink.provenance(&st, p, &a.iri, g);
            }
        }
    }
    // first occurrence wins; the order is the order of generation, which for a
    // graph of one article depends on that article alone
    for v in &mut sink.per {
        let keep: Vec<bool> = {
            let mut seen: rustc_hash::FxHashSet<&Quad> = rustc_hash::FxHashSet::default();
            seen.reserve(v.len());
            v.iter().map(|q| seen.insert(q)).collect()
        };
        let mut k = keep.into_iter();
        v.retain(|_| k.next().unwrap_or(false));
    }
    sink.per
}

/// The named graph of one article: its statements in a fixed order that
/// depends on that article alone (so batch, incremental and sharded builds
/// agree byte for byte).
pub fn quads_of_article(a: &crate::text::Article, ex: &crate::extract::Extraction) -> Vec<Quad> {
    let mut kg = KnowledgeGraph::new();
    crate::resolve::add_article(&mut kg, a, ex);
    article_quads(&kg).pop().unwrap_or_default()
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

/// Writes the chosen formats into `dir` as graph.<ext> (Neo4j: graph.nodes.csv
/// and graph.relationships.csv); returns the paths written. Everything is
/// computed from the article graphs' statements, so a store exports exactly
/// what a build of the same articles exports. `mode` is GraphML's view.
pub fn export_all(per_article: &[Vec<Quad>], formats: &[Format], dir: &Path, mode: ViewMode) -> io::Result<Vec<PathBuf>> {
    let mut ex = crate::pipeline::Exporter::new(dir, formats, mode)?;
    for q in per_article {
        ex.add_article(q)?;
    }
    ex.finish()
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
