//! Exports: the streaming writer of every format ([`writer`]), the RDF
//! text formats written straight from the statements ([`rdf`]), the entity
//! view read back from them ([`view`]) and the property-graph formats made
//! from it ([`propgraph`]). Every file is written to a temporary file beside
//! its target and renamed into place, so a failed run never leaves a
//! half-written file; output is sorted, so the same input gives
//! byte-identical files. This layer reads only the model
//! ([`crate::model`]): statements and vocabulary.

pub mod propgraph;
pub mod rdf;
pub mod view;
pub mod writer;

pub use writer::{prepare, prepare_with, ArticleOut, Exporter};

use oxigraph::io::{JsonLdProfileSet, RdfFormat};

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
    /// graph.kuzu.cypher: the schema and COPY statements that load the Neo4j
    /// CSV files (written with it) into Kùzu or its fork Ladybug
    Kuzu,
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
            "kuzu" | "ladybug" => Format::Kuzu,
            _ => return None,
        })
    }

    /// Parses a comma-separated list (`ttl,nq,graphml`).
    pub fn parse_list(s: &str) -> Result<Vec<Format>, String> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let f = Format::parse(part).ok_or_else(|| format!("unknown format {part:?} (expected ttl, nt, nq, trig, rdf, jsonld, graphml, gexf, neo4j-csv, cypher, kuzu)"))?;
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
            Format::Kuzu => "kuzu.cypher",
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
            Format::GraphMl | Format::Gexf | Format::Neo4jCsv | Format::Cypher | Format::Kuzu => return None,
        })
    }

    /// Keeps one named graph per article.
    pub fn is_dataset(self) -> bool {
        // JSON-LD gets the union graph: most JSON-LD readers (rdflib's Graph among them) drop named graphs
        matches!(self, Format::NQuads | Format::TriG)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists_parse() {
        assert_eq!(Format::parse_list("ttl, nq,graphml").unwrap(), vec![Format::Turtle, Format::NQuads, Format::GraphMl]);
        assert!(Format::parse_list("ttl,xyz").unwrap_err().contains("xyz"));
    }
}
