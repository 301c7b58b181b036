//! zonekg: a knowledge graph of Chinese development-zone news.
//!
//! Layers, each using only the ones before it (a test, `layers`, checks
//! every `crate::` path against this order):
//!
//! 1. [`model`]: the vocabulary ([`model::vocab`]), an article's statements
//!    ([`model::stmts`], the one model of the graph), identifiers; and
//!    [`files`] (files written whole or not at all).
//! 2. [`text`] (articles, clean text mapped back to the original),
//!    [`lexicon`] (the word lists), [`input`] (files, decoding, HTML,
//!    JSONL, page splitting).
//! 3. [`extract`]: mentions, posts, figures, relations, with spans and rules.
//! 4. [`resolve`]: coreference, keys and IRIs, and the mapping of an
//!    article's extraction to its statements.
//! 5. [`export`]: the formats, written from statements (RDF, the entity
//!    view, GraphML, GEXF, Neo4j CSV, Cypher).
//! 6. [`store`]: the article graphs on disk and SPARQL over them.
//! 7. [`pipeline`]: the streaming build (inputs to exports and store).
//! 8. [`explain`], [`validate`], [`render`], [`serve`]: what users ask of a
//!    built graph.
//!
//! The `zonekg` binary (`src/main.rs`, `src/cli.rs`) parses arguments, calls
//! these and maps errors to exit codes.
//!
//! ```
//! use zonekg::{extract::Extractor, lexicon::Lexicon, input::RawDoc};
//! let x = Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles");
//! let doc = RawDoc { origin: "demo".into(), text: "合肥高新区：创新发展\n\n2022年,合肥高新区营业收入1234.5亿元,增长8.1%。".into(), ..Default::default() };
//! let (kg, _) = zonekg::build_graph_from_docs(&x, &[doc], 1);
//! assert!(kg.entities().iter().any(|&i| kg.nodes[i].label == "合肥高新区"));
//! ```

#![warn(clippy::too_many_lines)]

pub mod explain;
pub mod export;
pub mod extract;
pub mod files;
pub mod input;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod store;
pub mod text;
pub mod validate;

pub use pipeline::{article_shells_from_docs, articles_from_docs, build_graph_from_docs, extract_all};
