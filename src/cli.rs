//! The command line's arguments (part of the binary, not the library).

use anyhow::{anyhow, Result};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use zonekg::export::view::ViewMode;
use zonekg::export::Format;

#[derive(Parser)]
#[command(name = "zonekg", version, about = "Builds a knowledge graph from Chinese development-zone news and answers SPARQL over it")]
pub struct Cli {
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Read articles (files, folders, `-` for stdin), extract, export and load the store
    Build(BuildArgs),
    /// Run a SPARQL query against the store
    Query(QueryArgs),
    /// Every statement about an entity, with the sentence it came from
    Explain(ExplainArgs),
    /// Check RDF files against the SHACL shapes (exit 1 on any violation)
    Validate(ValidateArgs),
    /// Write the store's graph in the chosen formats (the files build writes)
    Export(ExportArgs),
    /// Take an article out of the store
    Remove(RemoveArgs),
    /// Merge shard stores into one store
    Merge(MergeArgs),
    /// Corpus-wide resolution over the union of built graphs: owl:sameAs links (N-Quads) between IRIs that name one thing
    Resolve(ResolveArgs),
    /// Draw the graph: SVG (and PNG where a converter exists), and an HTML page to explore it
    Render(RenderArgs),
    /// Answer SPARQL over HTTP (SPARQL 1.1 Protocol, read-only) from the store, loaded once
    Serve(ServeArgs),
}

#[derive(Args)]
pub struct ServeArgs {
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Address to listen on (port 0: any free port; the address is printed)
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Time limit of one query, in seconds
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Most rows (or triples) one answer may have
    #[arg(long, default_value_t = 1_000_000)]
    pub max_results: usize,
    /// Threads answering requests
    #[arg(long, default_value_t = 4)]
    pub threads: usize,
    /// Also load this RDF file (N-Quads, or .nt .ttl .trig), e.g. the links of `zonekg resolve`; repeatable
    #[arg(long = "with", value_name = "FILE")]
    pub with: Vec<PathBuf>,
}

#[derive(Args)]
pub struct RenderArgs {
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// The SVG file to write
    #[arg(long)]
    pub out: PathBuf,
    /// Also a PNG (through rsvg-convert or ImageMagick, when installed)
    #[arg(long)]
    pub png: Option<PathBuf>,
    /// Also a self-contained HTML page (pan, zoom, search, click for facts and sources)
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Draw at most this many nodes (the best connected)
    #[arg(long, default_value_t = 400)]
    pub max_nodes: usize,
    /// Also draw entities that have no relation
    #[arg(long)]
    pub isolated: bool,
    /// Width and height of the drawing
    #[arg(long, default_value_t = 1400.0)]
    pub width: f64,
    #[arg(long, default_value_t = 1000.0)]
    pub height: f64,
}

/// Where exports go and in which formats (shared by build and export).
#[derive(Args)]
pub struct OutputOpts {
    /// Folder for the exports (graph.<ext>); `-` (build only): stream the graph to stdout, article by article
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Comma-separated formats: ttl, nt, nq, trig, rdf, jsonld, graphml, gexf, neo4j-csv, cypher, kuzu [default: ttl,nq,graphml; with --out -: nq]
    #[arg(long)]
    pub format: Option<String>,
    /// GraphML view: entities (posts as edges, figures as attributes) or full (keeps position and observation nodes)
    #[arg(long, default_value = "entities", value_parser = ["entities", "full"])]
    pub graphml_view: String,
}

impl OutputOpts {
    pub fn formats(&self) -> Result<Vec<Format>> {
        let default = if self.out.as_os_str() == "-" { "nq" } else { "ttl,nq,graphml" };
        Format::parse_list(self.format.as_deref().unwrap_or(default)).map_err(|e| anyhow!("--format: {e}"))
    }

    pub fn view(&self) -> ViewMode {
        if self.graphml_view == "full" {
            ViewMode::Full
        } else {
            ViewMode::Entities
        }
    }
}

#[derive(Args)]
pub struct ExportArgs {
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputOpts,
}

#[derive(Args)]
pub struct RemoveArgs {
    /// Article ids (as in dcterms:identifier and the store's graphs/<id>.nq.lz4)
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
}

#[derive(Args)]
pub struct ResolveArgs {
    /// N-Quads (or .nt .ttl .trig) files or folders of them (Spark part files), `-` for stdin; none: the store
    pub paths: Vec<PathBuf>,
    /// Store folder to read when no path is given (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Write the links here (written whole or not at all); default: stdout
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct MergeArgs {
    /// The store to merge into (created if new)
    pub out: PathBuf,
    /// Shard stores
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// The entity: a name (label or alias) or an IRI
    pub name: String,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// JSON for machines
    #[arg(long)]
    pub json: bool,
    /// Show the evidence of this many of its articles, the first by id (0: all)
    #[arg(long, default_value_t = zonekg::explain::DEFAULT_MAX_ARTICLES)]
    pub max_articles: usize,
}

#[derive(Args)]
pub struct ValidateArgs {
    /// RDF files (.ttl .nt .nq .trig .rdf .jsonld)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Shapes file (default: the shapes that ship with zonekg, ontology/shapes.ttl)
    #[arg(long)]
    pub shapes: Option<PathBuf>,
}

#[derive(Args)]
pub struct BuildArgs {
    /// Files or folders of articles (.txt .md .html .htm .jsonl); `-` reads stdin
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputOpts,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Worker threads for extraction (0: one per core)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// No summary and no progress on stderr
    #[arg(long, short)]
    pub quiet: bool,
    /// Print throughput and peak memory to stderr
    #[arg(long)]
    pub stats: bool,
    /// Extra lexicon file (kind<TAB>entry lines); repeatable
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Do not load the store, only write the exports
    #[arg(long)]
    pub no_store: bool,
}

#[derive(Args)]
pub struct QueryArgs {
    /// The SPARQL query (or use --file)
    pub query: Option<String>,
    /// Read the query from a file
    #[arg(long, short)]
    pub file: Option<PathBuf>,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// table, json, csv or tsv
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Also load this RDF file (N-Quads, or .nt .ttl .trig), e.g. the links of `zonekg resolve`; repeatable
    #[arg(long = "with", value_name = "FILE")]
    pub with: Vec<PathBuf>,
    /// Stop the query after this many seconds (0: no limit)
    #[arg(long, default_value_t = 600)]
    pub timeout: u64,
    /// Stop when the answer has more rows than this (0: no limit)
    #[arg(long, default_value_t = 10_000_000)]
    pub max_results: usize,
}
