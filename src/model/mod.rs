//! The model: what every layer above reads and writes.
//!
//! - [`vocab`]: every class, relation and property, declared once.
//! - [`stmts`]: an article's statements ([`stmts::ArticleGraph`]), the one
//!   model of the graph. The extractors' output is resolved into it
//!   (`resolve`); the RDF writers, the entity view and the property-graph
//!   exports, the store, render and explain read it (or read it back from
//!   the store's N-Quads).
//! - [`ids`]: IRI segments and hashes.
//!
//! Why merging happens by IRI across articles: an article's graph depends on
//! that article alone (its entities' IRIs are functions of their keys,
//! `resolve`), so the corpus graph is the union of the article graphs, and
//! a corpus can be built in any order, on any number of threads or
//! machines, or grown and shrunk article by article, with the same result.
//! Nothing holds the corpus in memory as a graph: the union is made while
//! writing (`export::writer` remembers which shared statements it wrote),
//! and the entity view (`export::view`) is the only corpus-wide structure,
//! built from the statements for the property-graph formats and render.

pub mod ids;
pub mod span;
pub mod stmts;
pub mod vocab;
