//! The embedded store: a folder of standard N-Quads files, one per article
//! (its named graph), each written atomically, loaded into Oxigraph's
//! in-memory store to answer SPARQL. A marker file says the folder is a
//! store; a LOCK file keeps two builds from writing at once.

use crate::files::write_atomic;
use crate::model::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

pub mod plan;
pub use plan::{needs_provenance, LoadPlan};

const MARKER: &str = "zonekg-store.json";
const LOCK: &str = "LOCK";
const GRAPHS: &str = "graphs";
/// Version 5: each article file holds its facts (rules included) in the
/// default graph before its provenance in its named graph (4 had the facts
/// in the named graph too, 3 put the rules after the facts, 2 did not
/// compress, 1 did not sort). Every version is read as the merge: facts in
/// the default graph, evidence in the article's graph.
const MARKER_TEXT: &str = "{\"format\": \"zonekg-store\", \"version\": 5, \"layout\": \"graphs/<article-id>.nq.lz4, facts (and rules) first, in the default graph\"}\n";
/// An article graph: N-Quads in an LZ4 frame (`lz4 -dc` reads it); stores
/// written before version 3 hold plain `.nq` files, read as well.
const EXT: &str = ".nq.lz4";
const LEGACY_EXT: &str = ".nq";

/// The article id of a graph file's name.
fn article_id_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    name.strip_suffix(EXT).or_else(|| name.strip_suffix(LEGACY_EXT)).map(str::to_string)
}

/// A graph file's N-Quads, decompressed when it is an LZ4 frame.
fn open_graph(f: &Path) -> Result<Box<dyn std::io::Read>, StoreError> {
    let file = std::fs::File::open(f).map_err(|e| io_err(f, e))?;
    Ok(if f.to_string_lossy().ends_with(EXT) { Box::new(lz4_flex::frame::FrameDecoder::new(file)) } else { Box::new(file) })
}

/// Writes N-Quads as an LZ4 frame.
fn compressed(w: &mut dyn Write, nquads: &[u8]) -> std::io::Result<()> {
    let mut enc = lz4_flex::frame::FrameEncoder::new(w);
    enc.write_all(nquads)?;
    enc.finish().map_err(std::io::Error::other)?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a zonekg store (no {MARKER}); choose an empty or new folder with --store")]
    NotAStore { path: String },
    #[error("{path}: no store here yet; run `zonekg build` first (or pass --store DIR)")]
    Missing { path: String },
    #[error("{path}: the store is locked by another build that is still running{holder}")]
    Locked { path: String, holder: String },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{path}: cannot load: {message}")]
    Load { path: String, message: String },
    #[error("invalid SPARQL query: {0}")]
    Syntax(String),
    #[error("query failed: {0}")]
    Eval(String),
    #[error("output closed")]
    BrokenPipe,
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io { path: path.display().to_string(), message: e.to_string() }
}

/// A statement of `path` (a graph file, or the store) that could not be read or loaded.
/// The RDF format of a file by its extension: `.nt`, `.ttl`, `.trig`, and
/// N-Quads for anything else (`.nq`, Spark's `part-00000`, `.txt`).
pub fn rdf_format_of(path: &Path) -> RdfFormat {
    match path.extension().and_then(|e| e.to_str()) {
        Some("nt") => RdfFormat::NTriples,
        Some("ttl") => RdfFormat::Turtle,
        Some("trig") => RdfFormat::TriG,
        _ => RdfFormat::NQuads,
    }
}

fn load_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Load { path: path.display().to_string(), message: e.to_string() }
}

/// The default store location: `$ZONEKG_STORE`, else
/// `$XDG_DATA_HOME/zonekg/store`, else `~/.local/share/zonekg/store`.
pub fn default_store_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("ZONEKG_STORE").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(p).join("zonekg").join("store");
    }
    match std::env::var_os("HOME") {
        Some(h) => PathBuf::from(h).join(".local/share/zonekg/store"),
        None => PathBuf::from(".zonekg-store"),
    }
}

/// A store folder.
#[derive(Debug, Clone)]
pub struct StoreDir {
    pub path: PathBuf,
}

/// Held while a build writes: an advisory lock on the `LOCK` file, which the
/// system releases when the process ends however it ends (a build killed
/// with SIGKILL leaves no lock behind). The file stays; it holds the pid of
/// the build holding it, emptied when the lock is released.
pub struct StoreLock {
    file: std::fs::File,
}

impl Drop for StoreLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

impl StoreDir {
    /// Opens a store for writing, creating it when the folder is new or empty.
    pub fn create_or_open(path: &Path) -> Result<Self, StoreError> {
        if path.exists() {
            if !path.is_dir() {
                return Err(StoreError::NotAStore { path: path.display().to_string() });
            }
            if !path.join(MARKER).exists() {
                let empty = std::fs::read_dir(path).map_err(|e| io_err(path, e))?.next().is_none();
                if !empty {
                    return Err(StoreError::NotAStore { path: path.display().to_string() });
                }
            }
        }
        std::fs::create_dir_all(path.join(GRAPHS)).map_err(|e| io_err(path, e))?;
        let marker = path.join(MARKER);
        if !marker.exists() {
            write_atomic(&marker, |w| w.write_all(MARKER_TEXT.as_bytes())).map_err(|e| io_err(&marker, e))?;
        }
        Ok(StoreDir { path: path.to_path_buf() })
    }

    /// Opens an existing store for reading.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.display().to_string() });
        }
        if !path.is_dir() || !path.join(MARKER).exists() {
            return Err(StoreError::NotAStore { path: path.display().to_string() });
        }
        Ok(StoreDir { path: path.to_path_buf() })
    }

    /// Takes the write lock, or says who holds it. A `LOCK` file that names
    /// a build but is not locked was left by a build that died (or by a
    /// zonekg before 2026-11-30, which locked by the file's existence): it
    /// is taken over, with a message on stderr.
    pub fn lock(&self) -> Result<StoreLock, StoreError> {
        let p = self.path.join(LOCK);
        let mut f = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&p).map_err(|e| io_err(&p, e))?;
        let mut held_by = String::new();
        let _ = f.read_to_string(&mut held_by);
        let held_by = held_by.trim().to_string();
        match f.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = if held_by.is_empty() { String::new() } else { format!(" (pid {held_by})") };
                return Err(StoreError::Locked { path: self.path.display().to_string(), holder });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_err(&p, e)),
        }
        if !held_by.is_empty() {
            eprintln!("zonekg: {}: taking over the lock of a build that is no longer running (pid {held_by})", self.path.display());
        }
        let written = f.set_len(0).and_then(|_| f.seek(std::io::SeekFrom::Start(0))).and_then(|_| writeln!(f, "{}", std::process::id())).and_then(|_| f.flush());
        written.map_err(|e| io_err(&p, e))?;
        // every writer of the store holds this lock: any temporary file there is a dead build's
        crate::files::remove_stale_temps(&self.path, true);
        crate::files::remove_stale_temps(&self.path.join(GRAPHS), true);
        Ok(StoreLock { file: f })
    }

    /// Whether a build holds the write lock now.
    pub fn is_locked(&self) -> bool {
        let Ok(f) = std::fs::File::open(self.path.join(LOCK)) else { return false };
        matches!(f.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock))
    }

    fn graph_file(&self, article_id: &str) -> PathBuf {
        self.path.join(GRAPHS).join(format!("{article_id}{EXT}"))
    }

    fn legacy_file(&self, article_id: &str) -> PathBuf {
        self.path.join(GRAPHS).join(format!("{article_id}{LEGACY_EXT}"))
    }

    /// Writes an article's file and drops the plain file an older store had for it.
    fn put(&self, article_id: &str, nquads: &[u8]) -> Result<(), StoreError> {
        let p = self.graph_file(article_id);
        crate::files::write_atomic_opt(&p, false, |w| compressed(w, nquads)).map_err(|e| io_err(&p, e))?;
        match std::fs::remove_file(self.legacy_file(article_id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_err(&self.legacy_file(article_id), e)),
            _ => Ok(()),
        }
    }

    /// Writes one article's named graph (atomically, replacing any earlier one).
    pub fn write_article(&self, article_id: &str, quads: &[Quad]) -> Result<(), StoreError> {
        let mut s = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for q in quads {
            s.serialize_quad(q).map_err(|e| io_err(&self.graph_file(article_id), e))?;
        }
        let bytes = s.finish().map_err(|e| io_err(&self.graph_file(article_id), e))?;
        self.put(article_id, &bytes)
    }

    /// Writes one article's graph from its N-Quads bytes (atomically).
    pub fn write_article_bytes(&self, article_id: &str, nquads: &[u8]) -> Result<(), StoreError> {
        self.put(article_id, nquads)
    }

    /// Removes one article's graph; false when the store does not hold it.
    pub fn remove_article(&self, article_id: &str) -> Result<bool, StoreError> {
        let ok = !article_id.is_empty() && !article_id.contains(['/', '\\']) && article_id != "." && article_id != "..";
        if !ok {
            return Ok(false);
        }
        let mut removed = false;
        for p in [self.graph_file(article_id), self.legacy_file(article_id)] {
            match std::fs::remove_file(&p) {
                Ok(()) => removed = true,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_err(&p, e)),
            }
        }
        Ok(removed)
    }

    /// Article ids in the store, sorted.
    pub fn article_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.graph_files()?.iter().filter_map(|p| article_id_of(p)).collect())
    }

    /// Copies every article graph of `other` into this store (an article the
    /// store already holds is replaced by the shard's copy). Returns the count.
    pub fn merge_from(&self, other: &StoreDir) -> Result<usize, StoreError> {
        let mut n = 0;
        for f in other.graph_files()? {
            let Some(id) = article_id_of(&f) else { continue };
            let mut bytes = Vec::new();
            open_graph(&f)?.read_to_end(&mut bytes).map_err(|e| io_err(&f, e))?;
            self.put(&id, &bytes)?;
            n += 1;
        }
        Ok(n)
    }

    /// The statements of every article graph, one sorted list per article,
    /// articles in id order: what `build` exports for the same articles.
    pub fn article_quads(&self) -> Result<Vec<Vec<Quad>>, StoreError> {
        self.graph_files()?.iter().map(|f| self.read_graph(f)).collect()
    }

    /// The statements of one article graph file, in the order written.
    pub fn read_graph(&self, f: &Path) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for q in oxigraph::io::RdfParser::from_format(RdfFormat::NQuads).for_reader(std::io::BufReader::with_capacity(1 << 16, open_graph(f)?)) {
            quads.push(q.map_err(|e| load_err(f, e))?);
        }
        Ok(quads)
    }

    /// The article graph files, sorted by article id.
    pub fn graph_files(&self) -> Result<Vec<PathBuf>, StoreError> {
        let dir = self.path.join(GRAPHS);
        if !dir.exists() {
            return Ok(Vec::new());
        }
        let mut v: Vec<PathBuf> = std::fs::read_dir(&dir).map_err(|e| io_err(&dir, e))?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| article_id_of(p).is_some()).collect();
        // by article id; of a compressed and a plain file of one article (an interrupted upgrade), the compressed
        v.sort_by_key(|p| (article_id_of(p), !p.to_string_lossy().ends_with(EXT)));
        v.dedup_by_key(|p| article_id_of(p));
        Ok(v)
    }

    /// Loads every article graph into an in-memory Oxigraph store: the files
    /// are parsed in parallel and put in through oxigraph's bulk loader.
    pub fn load(&self) -> Result<Store, StoreError> {
        self.load_plan(&LoadPlan::everything())
    }

    /// Loads the facts of every article graph, not its provenance (mentions,
    /// sentences, reified statements, rules: two thirds of the statements).
    pub fn load_facts(&self) -> Result<Store, StoreError> {
        self.load_plan(&LoadPlan::facts())
    }

    /// Loads the statements a plan keeps (see [`LoadPlan::of_query`]). A
    /// store written facts first (version 4 on) is read up to each file's
    /// first provenance line when the plan has no provenance; an older one
    /// is read whole and filtered.
    pub fn load_plan(&self, plan: &LoadPlan) -> Result<Store, StoreError> {
        let store = Store::new().map_err(|e| io_err(&self.path, e))?;
        for chunk in self.graph_files()?.chunks(512) {
            let all: Vec<Quad> = self.parse_kept(chunk, plan.provenance, &|l| plan.keeps(l))?.into_iter().flatten().collect();
            store.extend(all).map_err(|e| load_err(&self.path, e))?;
        }
        Ok(store)
    }

    /// Adds an RDF file beside the store's graphs to a loaded store (`query
    /// --with`: the links `zonekg resolve` wrote, a lexicon of your own):
    /// Turtle, N-Triples or TriG by extension, else N-Quads.
    pub fn add_rdf_file(store: &Store, path: &Path) -> Result<(), StoreError> {
        let format = rdf_format_of(path);
        let f = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
        let mut quads = Vec::new();
        for q in oxigraph::io::RdfParser::from_format(format).for_reader(std::io::BufReader::with_capacity(1 << 16, f)) {
            quads.push(q.map_err(|e| load_err(path, e))?);
        }
        store.extend(quads).map_err(|e| load_err(path, e))
    }

    /// Adds the whole graphs (facts and provenance) of some articles to a loaded store.
    pub fn add_articles(&self, store: &Store, article_ids: &[String]) -> Result<(), StoreError> {
        let files: Vec<PathBuf> = article_ids.iter().flat_map(|id| [self.graph_file(id), self.legacy_file(id)].into_iter().find(|f| f.exists())).collect();
        let quads = self.parse_kept(&files, true, &|_| true)?;
        store.extend(quads.into_iter().flatten()).map_err(|e| load_err(&self.path, e))
    }

    /// Whether every graph file has its facts (rules included) before its
    /// provenance: stores of version 4 on. Older stores are read whole and
    /// filtered (version 3 put rules after the facts; 1 and 2 did not sort).
    fn facts_first(&self) -> bool {
        let marker = std::fs::read_to_string(self.path.join(MARKER)).unwrap_or_default();
        let version = marker.split("\"version\":").nth(1).and_then(|v| v.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse::<u32>().ok());
        version.is_some_and(|v| v >= 4)
    }

    /// The lines of each file that `keep` keeps (and that are facts, unless
    /// `provenance`), as N-Quads; the files are read in parallel.
    fn kept_lines(&self, files: &[PathBuf], provenance: bool, keep: &(dyn Fn(&[u8]) -> bool + Sync)) -> Result<Vec<Vec<u8>>, StoreError> {
        use rayon::prelude::*;
        let facts_first = !provenance && self.facts_first();
        files
            .par_iter()
            .map(|f| {
                use std::io::BufRead;
                let mut reader = std::io::BufReader::with_capacity(1 << 16, open_graph(f)?);
                let mut kept = Vec::new();
                let mut line = Vec::new();
                loop {
                    line.clear();
                    if reader.read_until(b'\n', &mut line).map_err(|e| io_err(f, e))? == 0 {
                        break;
                    }
                    if !provenance && crate::model::stmts::is_provenance_line(&line) {
                        if facts_first {
                            break;
                        }
                        continue;
                    }
                    if keep(&line) {
                        kept.extend_from_slice(&line);
                    }
                }
                Ok(kept)
            })
            .collect()
    }

    /// The statements of each file that `keep` keeps, parsed.
    fn parse_kept(&self, files: &[PathBuf], provenance: bool, keep: &(dyn Fn(&[u8]) -> bool + Sync)) -> Result<Vec<Vec<Quad>>, StoreError> {
        use rayon::prelude::*;
        let kept = self.kept_lines(files, provenance, keep)?;
        files.par_iter().zip(kept).map(|(f, lines)| parse_nquads(f, &lines)).collect()
    }

    /// The lines of every article graph that `keep` keeps (facts only, or
    /// provenance too), by article id, for the articles that have any.
    pub fn matching_lines(&self, provenance: bool, keep: &(dyn Fn(&[u8]) -> bool + Sync)) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let mut out = Vec::new();
        for chunk in self.graph_files()?.chunks(512) {
            for (f, lines) in chunk.iter().zip(self.kept_lines(chunk, provenance, keep)?) {
                if !lines.is_empty() {
                    out.push((article_id_of(f).unwrap_or_default(), lines));
                }
            }
        }
        Ok(out)
    }

    /// Adds N-Quads lines of one article's graph (from [`Self::matching_lines`]) to a loaded store.
    pub fn add_lines(&self, store: &Store, article_id: &str, lines: &[u8]) -> Result<(), StoreError> {
        let quads = parse_nquads(&self.graph_file(article_id), lines)?;
        store.extend(quads).map_err(|e| load_err(&self.path, e))
    }
}

/// Parses N-Quads read from a file (named in the error), as the merge: a
/// fact that a store before version 5 kept in the article's graph goes to
/// the default graph, where version 5 writes it.
fn parse_nquads(f: &Path, lines: &[u8]) -> Result<Vec<Quad>, StoreError> {
    oxigraph::io::RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(lines)
        .map(|q| {
            let mut q = q?;
            if let (GraphName::NamedNode(g), NamedOrBlankNode::NamedNode(s)) = (&q.graph_name, &q.subject) {
                if !crate::model::stmts::is_owned_by(s.as_str(), g.as_str()) {
                    q.graph_name = GraphName::DefaultGraph;
                }
            }
            Ok(q)
        })
        .collect::<Result<Vec<Quad>, oxigraph::io::RdfParseError>>()
        .map_err(|e| load_err(f, e))
}

/// Output formats of `query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryFormat {
    Table,
    Json,
    Csv,
    Tsv,
}

impl QueryFormat {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "table" => Self::Table,
            "json" => Self::Json,
            "csv" => Self::Csv,
            "tsv" => Self::Tsv,
            _ => return None,
        })
    }
}

/// Parses a query as `query`, `explain` and `serve` run it: the zkg, rdfs,
/// skos, dcterms, ... prefixes known, and the default graph the union of
/// the article graphs unless the query names its own; `cancel` stops it.
pub fn prepare_query(query: &str, cancel: Option<oxigraph::sparql::CancellationToken>) -> Result<oxigraph::sparql::PreparedSparqlQuery, StoreError> {
    let mut ev = SparqlEvaluator::new();
    if let Some(t) = cancel {
        ev = ev.with_cancellation_token(t);
    }
    for (p, iri) in PREFIXES {
        ev = ev.with_prefix(*p, *iri).map_err(|e| StoreError::Syntax(e.to_string()))?;
    }
    let mut q = ev.parse_query(query).map_err(|e| if is_update(query) { StoreError::Syntax(READ_ONLY.to_string()) } else { StoreError::Syntax(e.to_string()) })?;
    if q.dataset().is_default_dataset() {
        q.dataset_mut().set_default_graph_as_union();
    }
    Ok(q)
}

const READ_ONLY: &str = "zonekg answers queries only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) is not accepted; the store changes through build, remove and merge";

/// Whether a request that is not a query reads as a SPARQL Update: its
/// first keyword after the prologue (PREFIX and BASE lines, comments).
pub fn is_update(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.starts_with('#') {
            rest = rest.split_once('\n').map_or("", |x| x.1);
            continue;
        }
        let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect::<String>().to_ascii_uppercase();
        match word.as_str() {
            // PREFIX p: <iri> / BASE <iri>: skip to the IRI's end
            "PREFIX" | "BASE" => rest = rest.split_once('>').map_or("", |x| x.1),
            w => return matches!(w, "INSERT" | "DELETE" | "LOAD" | "CLEAR" | "CREATE" | "DROP" | "COPY" | "MOVE" | "ADD" | "WITH"),
        }
    }
}

/// Limits of one query: a time limit and a row limit (None: none).
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryLimits {
    pub timeout: Option<std::time::Duration>,
    pub max_results: Option<usize>,
}

/// Runs a SELECT query (union default graph) and returns its rows as
/// variable name → term maps.
pub fn select(store: &Store, query: &str) -> Result<Vec<std::collections::HashMap<String, oxigraph::model::Term>>, StoreError> {
    let q = prepare_query(query, None)?;
    let mut rows = Vec::new();
    if let QueryResults::Solutions(sol) = q.on_store(store).execute().map_err(|e| StoreError::Eval(e.to_string()))? {
        for s in sol {
            let s = s.map_err(|e| StoreError::Eval(e.to_string()))?;
            rows.push(s.iter().map(|(v, t)| (v.as_str().to_string(), t.clone())).collect());
        }
    }
    Ok(rows)
}

/// Checks a query parses, without a store.
pub fn check_query(query: &str) -> Result<(), StoreError> {
    prepare_query(query, None).map(|_| ())
}

/// Runs a query and writes its results; returns the number of rows (or
/// triples; 1 or 0 for ASK).
pub fn run_query(store: &Store, query: &str, format: QueryFormat, out: &mut dyn Write) -> Result<usize, StoreError> {
    run_query_limited(store, query, format, out, QueryLimits::default())
}

/// [`run_query`] within limits: past its time limit the query is cancelled,
/// past its row limit it stops, each with a message that says which.
pub fn run_query_limited(store: &Store, query: &str, format: QueryFormat, out: &mut dyn Write, limits: QueryLimits) -> Result<usize, StoreError> {
    let token = oxigraph::sparql::CancellationToken::new();
    let timed_out = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // a timer that cancels the query when its time is up (and ends with it)
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let _timer = limits.timeout.map(|t| {
        let (token, timed_out) = (token.clone(), timed_out.clone());
        std::thread::spawn(move || {
            if wait.recv_timeout(t).is_err() {
                timed_out.store(true, std::sync::atomic::Ordering::SeqCst);
                token.cancel();
            }
        })
    });
    let eval_err = |e: &dyn std::fmt::Display| {
        if timed_out.load(std::sync::atomic::Ordering::SeqCst) {
            StoreError::Eval(format!("the query ran past its time limit of {:?} (--timeout) and was stopped", limits.timeout.unwrap_or_default()))
        } else {
            StoreError::Eval(e.to_string())
        }
    };
    let q = prepare_query(query, Some(token.clone()))?;
    let too_many = |n: usize| limits.max_results.is_some_and(|m| n > m);
    let too_many_err = || StoreError::Eval(format!("the answer has more than {} rows (--max-results): add a LIMIT, or raise or lift (0) the limit", limits.max_results.unwrap_or_default()));
    let results = q.on_store(store).execute().map_err(|e| eval_err(&e))?;
    let r = write_results(results, format, out, &|e| eval_err(e), &too_many, &too_many_err);
    drop(done);
    r
}

type ErrOf<'a> = &'a dyn Fn(&dyn std::fmt::Display) -> StoreError;

/// Writes a query's results (see [`run_query_limited`]).
fn write_results(
    results: QueryResults,
    format: QueryFormat,
    out: &mut dyn Write,
    eval_err: ErrOf<'_>,
    too_many: &dyn Fn(usize) -> bool,
    too_many_err: &dyn Fn() -> StoreError,
) -> Result<usize, StoreError> {
    let w = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            StoreError::BrokenPipe
        } else {
            StoreError::Eval(format!("writing results: {e}"))
        }
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let vars: Vec<oxigraph::sparql::Variable> = solutions.variables().to_vec();
            let mut rows: Vec<Vec<Option<oxigraph::model::Term>>> = Vec::new();
            for s in solutions {
                let s = s.map_err(|e| eval_err(&e))?;
                rows.push(vars.iter().map(|v| s.get(v).cloned()).collect());
                if too_many(rows.len()) {
                    return Err(too_many_err());
                }
            }
            let n = rows.len();
            match format {
                QueryFormat::Table => {
                    let mut t = comfy_table::Table::new();
                    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
                    t.set_header(vars.iter().map(|v| v.as_str().to_string()));
                    for r in &rows {
                        t.add_row(r.iter().map(|c| c.as_ref().map(display_term).unwrap_or_default()));
                    }
                    writeln!(out, "{t}").map_err(w)?;
                    writeln!(out, "({n} row{})", if n == 1 { "" } else { "s" }).map_err(w)?;
                }
                _ => {
                    let f = match format {
                        QueryFormat::Json => QueryResultsFormat::Json,
                        QueryFormat::Csv => QueryResultsFormat::Csv,
                        _ => QueryResultsFormat::Tsv,
                    };
                    let mut ser = QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(&mut *out, vars.clone()).map_err(w)?;
                    for r in &rows {
                        let pairs: Vec<(&oxigraph::sparql::Variable, &oxigraph::model::Term)> = vars.iter().zip(r.iter()).filter_map(|(v, t)| t.as_ref().map(|t| (v, t))).collect();
                        ser.serialize(pairs.into_iter().map(|(v, t)| (v.as_ref(), t.as_ref()))).map_err(w)?;
                    }
                    ser.finish().map_err(w)?;
                }
            }
            Ok(n)
        }
        QueryResults::Boolean(b) => {
            match format {
                QueryFormat::Table => writeln!(out, "{b}").map_err(w)?,
                QueryFormat::Json => {
                    QueryResultsSerializer::from_format(QueryResultsFormat::Json).serialize_boolean_to_writer(&mut *out, b).map_err(w)?;
                }
                QueryFormat::Csv | QueryFormat::Tsv => writeln!(out, "{b}").map_err(w)?,
            }
            Ok(usize::from(b))
        }
        QueryResults::Graph(triples) => {
            let mut ser = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(&mut *out);
            let mut n = 0;
            for t in triples {
                let t = t.map_err(|e| eval_err(&e))?;
                ser.serialize_triple(&t).map_err(w)?;
                n += 1;
                if too_many(n) {
                    return Err(too_many_err());
                }
            }
            ser.finish().map_err(w)?;
            Ok(n)
        }
    }
}

/// A term as a person reads it in a table: a literal by its value alone
/// (its language tag and datatype are in the JSON, CSV and TSV results), an
/// IRI by its prefixed name when a known prefix covers it (`zkg:Zone`).
pub fn display_term(t: &oxigraph::model::Term) -> String {
    use oxigraph::model::Term;
    match t {
        Term::NamedNode(n) => compact_iri(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// `zkg:Zone` for `https://w3id.org/zonekg/ontology#Zone`; other IRIs whole.
pub fn compact_iri(iri: &str) -> String {
    for (p, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && local.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return format!("{p}:{local}");
            }
        }
    }
    iri.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_show_plain_values_and_prefixed_names() {
        use oxigraph::model::{Literal, NamedNode, Term};
        let zh: Term = Literal::new_language_tagged_literal_unchecked("潘东生", "zh").into();
        assert_eq!(display_term(&zh), "潘东生");
        let dec: Term = Literal::new_typed_literal("4191.83", NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#decimal")).into();
        assert_eq!(display_term(&dec), "4191.83");
        assert_eq!(display_term(&NamedNode::new_unchecked("https://w3id.org/zonekg/ontology#HighTechZone").into()), "zkg:HighTechZone");
        let id = "https://w3id.org/zonekg/id/zone/佛山高新区";
        assert_eq!(display_term(&NamedNode::new_unchecked(id).into()), id);
        let mut out = Vec::new();
        let st = Store::new().unwrap();
        run_query(&st, "SELECT ?n ?c WHERE { VALUES (?n ?c) { (\"潘东生\"@zh zkg:Person) } }", QueryFormat::Table, &mut out).unwrap();
        let table = String::from_utf8(out).unwrap();
        assert!(table.contains("潘东生") && !table.contains("@zh") && table.contains("zkg:Person"), "{table}");
    }

    #[test]
    fn provenance_is_loaded_only_for_queries_that_can_see_it() {
        for q in [
            "SELECT ?zone ?park WHERE { ?p zkg:partOf ?z . ?z rdfs:label ?zone . ?p rdfs:label ?park }",
            "SELECT ?n WHERE { ?c a zkg:Company ; rdfs:label ?n }",
            "SELECT ?g ?n WHERE { GRAPH ?g { ?c a zkg:Zone ; rdfs:label ?n } }",
            "ASK { ?x zkg:partOf/zkg:partOf ?y }",
            // mentions have no class, and rules are facts
            "SELECT ?c WHERE { ?s a ?c }",
            "SELECT ?r ?c WHERE { ?r a zkg:Rule ; zkg:confidence ?c }",
        ] {
            assert!(!needs_provenance(q), "{q}");
        }
        for q in [
            "SELECT * WHERE { ?s ?p ?o }",
            "SELECT ?m WHERE { ?m zkg:refersTo ?e }",
            "SELECT ?e WHERE { ?e rdfs:label ?l FILTER EXISTS { ?x ?p ?e } }",
            "SELECT ?e WHERE { ?e !rdfs:label ?l }",
            "DESCRIBE <https://w3id.org/zonekg/id/zone/x>",
            "SELECT ?s WHERE { ?s <https://w3id.org/zonekg/ontology#rule> ?r }",
            "not a query",
        ] {
            assert!(needs_provenance(q), "{q}");
        }
    }

    #[test]
    fn graphs_are_compressed_and_plain_files_of_older_stores_still_read() {
        let d = tempfile::tempdir().unwrap();
        let s = StoreDir::create_or_open(&d.path().join("s")).unwrap();
        let nq = |o: &str| format!("<http://x/a> <http://x/p> \"{o}\" <https://w3id.org/zonekg/id/article/a1> .\n");
        // an article graph as a store of version 1 or 2 wrote it: plain N-Quads
        std::fs::write(d.path().join("s/graphs/a1.nq"), nq("old")).unwrap();
        s.write_article_bytes("a2", nq("new").as_bytes()).unwrap();
        assert_eq!(s.article_ids().unwrap(), ["a1", "a2"]);
        assert_eq!(s.load().unwrap().len().unwrap(), 2);
        let raw = std::fs::read(d.path().join("s/graphs/a2.nq.lz4")).unwrap();
        assert!(raw.starts_with(&[0x04, 0x22, 0x4d, 0x18]), "an LZ4 frame");
        // rewriting the old article converts it
        s.write_article_bytes("a1", nq("again").as_bytes()).unwrap();
        assert!(!d.path().join("s/graphs/a1.nq").exists());
        assert_eq!(s.article_ids().unwrap(), ["a1", "a2"]);
        let q = select(&s.load_facts().unwrap(), "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o").unwrap();
        assert_eq!(q.iter().map(|r| display_term(&r["o"])).collect::<Vec<_>>(), ["again", "new"]);
        assert!(s.remove_article("a1").unwrap());
        assert!(!s.remove_article("a1").unwrap());
        assert_eq!(s.article_ids().unwrap(), ["a2"]);
    }

    #[test]
    fn non_store_folder_is_refused() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("x.txt"), "hi").unwrap();
        let e = StoreDir::create_or_open(d.path()).unwrap_err();
        assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
        assert!(matches!(StoreDir::open(&d.path().join("nope")).unwrap_err(), StoreError::Missing { .. }));
    }

    #[test]
    fn lock_is_exclusive_and_released() {
        let d = tempfile::tempdir().unwrap();
        let s = StoreDir::create_or_open(&d.path().join("s")).unwrap();
        let l = s.lock().unwrap();
        assert!(s.is_locked());
        let e = s.lock().err().expect("a second lock is refused");
        assert!(e.to_string().contains(&format!("pid {}", std::process::id())), "{e}");
        drop(l);
        assert!(!s.is_locked());
        assert!(s.lock().is_ok());
        // a lock file a dead build left (or an older zonekg's) is taken over
        std::fs::write(d.path().join("s").join(LOCK), "999999\n").unwrap();
        let l = s.lock().expect("a stale lock file is taken over");
        assert_eq!(std::fs::read_to_string(d.path().join("s").join(LOCK)).unwrap().trim(), std::process::id().to_string());
        drop(l);
    }

    #[test]
    fn bad_query_reports_position() {
        let e = check_query("SELECT ?x WHERE { ?x zkg:partOf }").unwrap_err().to_string();
        assert!(e.contains("invalid SPARQL"), "{e}");
        // the line and column where the query goes wrong: the `}` after the predicate
        assert!(e.contains("1:33"), "{e}");
        let e = check_query("SELECT ?x\nWHERE {\n  ?x zkg:partOf }").unwrap_err().to_string();
        assert!(e.contains("error at 3:"), "{e}");
        assert!(check_query("SELECT ?x WHERE { ?x zkg:partOf ?y }").is_ok());
    }
}
