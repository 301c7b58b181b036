//! The streaming build: inputs → articles → extraction and per-article
//! statements (in parallel) → the exports and the store (in article-id
//! order), with the corpus never in memory as statements.
//!
//! Reading and splitting run a batch of files at a time in the worker pool;
//! the articles (text only) are sorted by id, so every output is the same
//! whatever the input order and thread count. They then go to the workers
//! in chunks: each worker prepares an article, extraction, resolution, its
//! statements ([`crate::resolve::graph_of_article`]) and their serialised
//! forms ([`crate::export::prepare`]), and writes its store file; one
//! ordered writer ([`crate::export::Exporter`]) takes the chunks in order
//! and writes the files, on its own thread, a few chunks behind the workers.
//!
//! ```no_run
//! use zonekg::{extract::Extractor, lexicon::Lexicon, pipeline::{build, BuildOptions}};
//! let x = Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles");
//! let opts = BuildOptions { paths: vec!["examples/".into()], out: "out".into(), store: None, ..Default::default() };
//! let report = build(&x, &opts, |e| eprintln!("{e}")).expect("build");
//! println!("{} articles, {} statements", report.articles, report.quads);
//! ```

use crate::export::view::ViewMode;
use crate::export::{self, ArticleOut, Exporter, Format};
use crate::extract::{Extraction, Extractor};
use crate::input::{self, InputError, InputFile, RawDoc};
use crate::resolve::graph::KnowledgeGraph;
use crate::store::{StoreDir, StoreError};
use crate::text::Article;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

pub mod stream;
pub use stream::{stream_build, StreamOptions, StreamReport};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// files or folders of articles; `-` reads stdin
    pub paths: Vec<PathBuf>,
    /// folder for the exports
    pub out: PathBuf,
    pub formats: Vec<Format>,
    /// what the property-graph formats show
    pub view: ViewMode,
    /// the store folder to write the article graphs into (None: no store)
    pub store: Option<PathBuf>,
    /// worker threads (0: one per core)
    pub threads: usize,
    /// a progress bar on stderr after the first second (when stderr is a terminal)
    pub progress: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { paths: Vec::new(), out: "out".into(), formats: Format::DEFAULT.to_vec(), view: ViewMode::Entities, store: None, threads: 0, progress: false }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub files: usize,
    pub articles: usize,
    pub mentions: usize,
    pub positions: usize,
    pub observations: usize,
    /// statements written (sum over article graphs)
    pub quads: usize,
    /// distinct statements of the union graph
    pub triples: usize,
    /// bytes of text read
    pub input_bytes: u64,
    /// inputs that could not be read (each reported as it happened)
    pub input_errors: usize,
    /// the export files, in the order of the formats
    pub written: Vec<PathBuf>,
    pub store: Option<PathBuf>,
    pub threads: usize,
    /// seconds from the start: articles read and sorted, stream done, all done
    pub read_done: f64,
    pub stream_done: f64,
    pub secs: f64,
    /// seconds the ordered writer was busy
    pub writer_busy: f64,
}

impl BuildReport {
    /// What was built and written, a line each (`zonekg build` prints it).
    pub fn summary(&self) -> String {
        let mut s = format!(
            "zonekg: {} article(s) from {} file(s): {} mentions, {} positions, {} figures, {} statements\n",
            self.articles, self.files, self.mentions, self.positions, self.observations, self.quads
        );
        for w in &self.written {
            s += &format!("zonekg: wrote {}\n", w.display());
        }
        if let Some(p) = &self.store {
            s += &format!("zonekg: store {}\n", p.display());
        }
        s
    }

    /// Throughput, peak memory and the time of each phase (`build --stats`).
    pub fn stats(&self, peak_memory: Option<u64>) -> String {
        let secs = self.secs.max(1e-9);
        let peak = peak_memory.map(|b| format!("{:.0} MB", b as f64 / 1e6)).unwrap_or_else(|| "unknown".into());
        let mb = self.input_bytes as f64 / 1e6;
        format!(
            "zonekg: stats: {} articles, {mb:.1} MB input in {secs:.2} s: {:.0} articles/s, {:.2} MB/s, {:.0} statements/s written ({} quads, {} union triples), {} threads, peak memory {peak}\n\
             zonekg: stats: phases: reading and splitting {:.2} s, extracting and writing {:.2} s (the ordered writer busy {:.2} s of it), finishing (entity view, property-graph files, sync) {:.2} s\n",
            self.articles,
            self.articles as f64 / secs,
            mb / secs,
            (self.quads + self.triples) as f64 / secs,
            self.quads,
            self.triples,
            self.threads,
            self.read_done,
            self.stream_done - self.read_done,
            self.writer_busy,
            secs - self.stream_done
        )
    }
}

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("no article could be read from {0} input(s); nothing written")]
    NoArticles(usize),
    #[error("starting worker threads: {0}")]
    Threads(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// the cause is the source, so a closed pipe is found in the chain like any other
    #[error("{path}: cannot write exports")]
    Exports {
        path: String,
        #[source]
        error: std::io::Error,
    },
}

impl BuildError {
    fn exports(out: &std::path::Path) -> impl Fn(std::io::Error) -> BuildError + Copy + '_ {
        move |error| BuildError::Exports { path: out.display().to_string(), error }
    }
}

/// Articles handed to the workers at a time (and held per chunk in flight).
const CHUNK: usize = 32;
/// Prepared chunks that may wait for the ordered writer (about 16 MB each on
/// news; 6 against 1: 100 MB in 15 s instead of 17, 0.84 GB peak).
const QUEUED: usize = 6;

/// Builds the exports (and the store) from the inputs. Inputs that cannot be
/// read are passed to `on_input_error` as they happen and counted in the
/// report; the others are built.
pub fn build(x: &Extractor, opts: &BuildOptions, on_input_error: impl FnMut(&InputError)) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let files = input::collect_files(&opts.paths)?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.threads).build().map_err(|e| BuildError::Threads(e.to_string()))?;
    let mut report = BuildReport { files: files.len(), threads: pool.current_num_threads(), ..Default::default() };
    let mut articles = read_articles(x, &files, &pool, &mut report, on_input_error)?;
    let store = match &opts.store {
        Some(p) => Some(StoreDir::create_or_open(p)?),
        None => None,
    };
    let _lock = match &store {
        Some(s) => Some(s.lock()?),
        None => None,
    };
    // articles in id order: every output is then independent of input order and thread count
    articles.sort_by(|p, q| p.id.cmp(&q.id));
    report.read_done = started.elapsed().as_secs_f64();
    let export_err = BuildError::exports(&opts.out);
    let mut exporter = Exporter::new(&opts.out, &opts.formats, opts.view).map_err(export_err)?;
    stream(x, opts, articles, &pool, store.as_ref(), &mut exporter, &mut report, started)?;
    (report.articles, report.quads, report.triples) = (exporter.articles, exporter.quads, exporter.triples);
    report.stream_done = started.elapsed().as_secs_f64();
    // in the pool: the entity view and the property-graph files are made in parallel
    report.written = pool.install(|| exporter.finish()).map_err(export_err)?;
    report.store = store.map(|s| s.path);
    report.secs = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Decodes and splits the files in parallel, a batch at a time (so only one
/// batch's decoded documents sit beside the articles), reporting errors in
/// file order; keeps the first of repeated articles.
fn read_articles(x: &Extractor, files: &[InputFile], pool: &rayon::ThreadPool, report: &mut BuildReport, mut on_error: impl FnMut(&InputError)) -> Result<Vec<Article>, BuildError> {
    let mut articles = Vec::new();
    let mut seen_ids = std::collections::HashSet::new();
    let mut n_docs = 0usize;
    for batch in files.chunks(256) {
        let read: Vec<_> = pool.install(|| batch.par_iter().map(|f| input::read_input_as(&f.path, &f.name)).collect());
        let mut docs = Vec::new();
        for (d, errs) in read {
            errs.iter().for_each(&mut on_error);
            report.input_errors += errs.len();
            report.input_bytes += d.iter().map(|d| d.text.len() as u64 + d.title.as_ref().map(|t| t.len() as u64).unwrap_or(0)).sum::<u64>();
            docs.extend(d);
        }
        n_docs += docs.len();
        articles.extend(pool.install(|| article_shells_from_docs(x, docs, &mut seen_ids)));
    }
    if n_docs == 0 {
        return Err(BuildError::NoArticles(files.len()));
    }
    Ok(articles)
}

type Prepared = Result<(ArticleOut, (usize, usize, usize)), BuildError>;

/// Extracts and serialises chunks of articles in the pool, and hands them to
/// the exporter in order (beside the workers on its own thread when there
/// is more than one: when the kernel makes the writer wait on writeback of
/// gigabytes, the workers go on instead of waiting too).
#[allow(clippy::too_many_arguments)]
fn stream(
    x: &Extractor,
    opts: &BuildOptions,
    articles: Vec<Article>,
    pool: &rayon::ThreadPool,
    store: Option<&StoreDir>,
    exporter: &mut Exporter,
    report: &mut BuildReport,
    started: Instant,
) -> Result<(), BuildError> {
    let bar = indicatif::ProgressBar::hidden();
    bar.set_length(articles.len() as u64);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles {per_sec} eta {eta}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
    let show_progress = opts.progress && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let formats = &opts.formats;
    // the parallel part: extraction and per-article serialisation
    let work = |chunk: Vec<Article>| -> Vec<Prepared> {
        pool.install(|| {
            chunk
                .into_par_iter()
                .map(|mut art| {
                    art.prepare();
                    let ex = x.extract(&art);
                    let out = export::prepare_with(crate::resolve::graph_of_article(&art, &ex), formats, store.is_some()).map_err(BuildError::exports(&opts.out))?;
                    if let Some(s) = store {
                        s.write_article_bytes(&art.id, &out.nq)?;
                    }
                    Ok((out, (ex.mentions.len(), ex.positions.len(), ex.observations.len())))
                })
                .collect()
        })
    };
    // the sequential part: everything that needs article order (union
    // deduplication, the entity view, the files), in id order
    let mut consume = |results: Vec<Prepared>| -> Result<(), BuildError> {
        let n_chunk = results.len();
        for r in results {
            let (out, (e, p, o)) = r?;
            (report.mentions, report.positions, report.observations) = (report.mentions + e, report.positions + p, report.observations + o);
            let t = Instant::now();
            exporter.add_prepared(out).map_err(BuildError::exports(&opts.out))?;
            report.writer_busy += t.elapsed().as_secs_f64();
        }
        if show_progress && started.elapsed().as_secs_f64() > 1.0 && bar.is_hidden() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.inc(n_chunk as u64);
        Ok(())
    };
    let mut rest = articles.into_iter();
    let mut next_chunk = move || -> Option<Vec<Article>> {
        let chunk: Vec<Article> = rest.by_ref().take(CHUNK).collect();
        (!chunk.is_empty()).then_some(chunk)
    };
    if pool.current_num_threads() == 1 {
        while let Some(chunk) = next_chunk() {
            consume(work(chunk))?;
        }
    } else {
        std::thread::scope(|sc| -> Result<(), BuildError> {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(QUEUED);
            let work = &work;
            sc.spawn(move || {
                while let Some(chunk) = next_chunk() {
                    if tx.send(work(chunk)).is_err() {
                        break; // the writer stopped on an error
                    }
                }
            });
            for results in rx {
                consume(results)?;
            }
            Ok(())
        })?;
    }
    bar.finish_and_clear();
    Ok(())
}

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
    let kg = crate::resolve::build_graph(&items);
    (kg, items)
}

/// Peak resident memory of this process in bytes (Linux), if known.
pub fn peak_memory() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Writes the exports of a store's article graphs (what `build` wrote from
/// them), reading and preparing them in parallel, in id order.
pub fn export_store(store: &StoreDir, out: &std::path::Path, formats: &[Format], view: ViewMode) -> Result<Vec<PathBuf>, BuildError> {
    let export_err = BuildError::exports(out);
    let mut ex = Exporter::new(out, formats, view).map_err(export_err)?;
    for chunk in store.graph_files()?.chunks(64) {
        let outs: Vec<Result<ArticleOut, BuildError>> =
            chunk.par_iter().map(|f| export::prepare(crate::model::stmts::ArticleGraph::from_quads(&store.read_graph(f)?), formats).map_err(export_err)).collect();
        for o in outs {
            ex.add_prepared(o?).map_err(export_err)?;
        }
    }
    ex.finish().map_err(export_err)
}

/// Where `zonekg resolve` reads the corpus's statements.
pub enum CorpusSource<'a> {
    /// RDF files (N-Quads unless the extension says otherwise: `.nt`,
    /// `.ttl`, `.trig`), folders of them (Spark's `part-*` files; names
    /// starting with `_` or `.` skipped), `-` for N-Quads on stdin
    Files(&'a [PathBuf]),
    Store(&'a StoreDir),
}

/// Why `zonekg resolve` stopped.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Corpus-wide resolution over the union of the statements read
/// ([`crate::resolve::corpus`]): the `owl:sameAs` links, the same whatever
/// the order or the splitting of the input.
pub fn resolve_corpus(source: CorpusSource<'_>) -> Result<Vec<crate::resolve::corpus::Link>, ResolveError> {
    use oxigraph::io::RdfParser;
    use oxigraph::model::{Quad, Term};
    let mut r = crate::resolve::corpus::CorpusResolver::new();
    let mut take = |q: &Quad| {
        let o = match &q.object {
            Term::NamedNode(n) => n.as_str(),
            Term::Literal(l) => l.value(),
            _ => return,
        };
        if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject {
            r.add(s.as_str(), q.predicate.as_str(), o);
        }
    };
    match source {
        CorpusSource::Store(store) => {
            for f in store.graph_files()? {
                store.read_graph(&f)?.iter().for_each(&mut take);
            }
        }
        CorpusSource::Files(paths) => {
            for f in corpus_files(paths)? {
                let read_err = |e: &dyn std::fmt::Display| ResolveError::Read { path: f.display().to_string(), message: e.to_string() };
                let reader: Box<dyn std::io::Read> = if f.as_os_str() == "-" { Box::new(std::io::stdin().lock()) } else { Box::new(std::fs::File::open(&f).map_err(|e| read_err(&e))?) };
                for q in RdfParser::from_format(crate::store::rdf_format_of(&f)).for_reader(std::io::BufReader::with_capacity(1 << 16, reader)) {
                    take(&q.map_err(|e| read_err(&e))?);
                }
            }
        }
    }
    Ok(r.links())
}

/// The files of `resolve`'s paths: files as given, folders' files sorted.
fn corpus_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ResolveError> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with(['_', '.']))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            return Err(ResolveError::Read { path: p.display().to_string(), message: "no such file or folder".into() });
        }
    }
    Ok(out)
}
