//! zonekg: a knowledge graph of Chinese development-zone news.
//!
//! The flow: [`input`] (files, decoding, HTML, JSONL, page splitting) →
//! [`text`] (articles, clean text mapped back to the original) → [`extract`]
//! (mentions, positions, observations, relations) → [`resolve`]
//! (coreference, keys, IRIs) → [`graph`] (petgraph model with provenance) →
//! [`export`] (RDF, GraphML) and [`store`] (embedded SPARQL store).
//!
//! ```
//! use zonekg::{extract::Extractor, lexicon::Lexicon, input::RawDoc};
//! let x = Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles");
//! let doc = RawDoc { origin: "demo".into(), text: "合肥高新区：创新发展\n\n2022年,合肥高新区营业收入1234.5亿元,增长8.1%。".into(), ..Default::default() };
//! let (kg, _) = zonekg::build_graph_from_docs(&x, &[doc], 1);
//! assert!(kg.entities().iter().any(|&i| kg.nodes[i].label == "合肥高新区"));
//! ```

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
pub mod store;
pub mod text;
pub mod validate;

use extract::{Extraction, Extractor};
use input::RawDoc;
use resolve::graph::KnowledgeGraph;
use text::Article;

/// Splits documents into articles, dropping repeats of the same article.
pub fn articles_from_docs(x: &Extractor, docs: &[RawDoc]) -> Vec<Article> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for d in docs {
        for a in input::articles_of(d, x.zone_cue()) {
            if seen.insert(a.id.clone()) {
                out.push(a);
            }
        }
    }
    out
}

/// As [`articles_from_docs`], but the articles hold only their text (no
/// cleaned copy): call [`text::Article::prepare`] before extracting. Keeps a
/// whole corpus's articles in about the memory of its text. `seen` holds the
/// ids of articles taken already (so documents can come in batches).
pub fn article_shells_from_docs(x: &Extractor, docs: Vec<RawDoc>, seen: &mut std::collections::HashSet<String>) -> Vec<Article> {
    use rayon::prelude::*;
    // split in parallel (in the caller's pool), keep the first of repeats in order
    let split: Vec<Vec<Article>> = docs.par_iter().map(|d| input::article_shells_of(d, x.zone_cue())).collect();
    split.into_iter().flatten().filter(|a| seen.insert(a.id.clone())).collect()
}

/// Runs the extractors over articles on `threads` threads (0: all cores).
/// The result is in the order of the input, whatever the thread count.
pub fn extract_all(x: &Extractor, articles: Vec<Article>, threads: usize) -> Vec<(Article, Extraction)> {
    use rayon::prelude::*;
    let run = || {
        articles
            .into_par_iter()
            .map(|a| {
                let e = x.extract(&a);
                (a, e)
            })
            .collect::<Vec<_>>()
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// Documents to graph in one call; returns the graph and the articles' extractions.
pub fn build_graph_from_docs(x: &Extractor, docs: &[RawDoc], threads: usize) -> (KnowledgeGraph, Vec<(Article, Extraction)>) {
    let arts = articles_from_docs(x, docs);
    let items = extract_all(x, arts, threads);
    let kg = resolve::build_graph(&items);
    (kg, items)
}
