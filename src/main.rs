//! The `zonekg` command: a thin layer over the library that maps errors to
//! exit codes (0 success, 1 the run finished but something in it failed,
//! 2 usage or fatal error). stdout carries data; stderr carries diagnostics.

use anyhow::{anyhow, Context, Result};

// many small allocations (terms, statements): mimalloc is markedly faster than glibc's malloc here
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    // mimalloc's option setter (linked in with the allocator)
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Keeps freed memory for reuse for a second instead of 10 ms before
/// handing it back to the OS: workers free and allocate article-sized buffers
/// all the time, and re-faulting (and zeroing) those pages cost a quarter of
/// the system time. Never handing it back (-1) was as fast but kept the input
/// phase's memory: 1.07 GB peak against 0.86 GB on the 100 MB corpus.
fn keep_freed_memory() {
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15; // the same in mimalloc 2 and 3
                                                       // SAFETY: sets an integer option; mimalloc reads options atomically
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 1000) };
}

use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use zonekg::export::{self, Format};
use zonekg::extract::Extractor;
use zonekg::lexicon::Lexicon;
use zonekg::store::{self, QueryFormat, StoreDir};

#[derive(Parser)]
#[command(name = "zonekg", version, about = "Builds a knowledge graph from Chinese development-zone news and answers SPARQL over it")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
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
    /// Draw the graph: SVG (and PNG where a converter exists), and an HTML page to explore it
    Render(RenderArgs),
}

#[derive(Args)]
struct RenderArgs {
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    store: Option<PathBuf>,
    /// The SVG file to write
    #[arg(long)]
    out: PathBuf,
    /// Also a PNG (through rsvg-convert or ImageMagick, when installed)
    #[arg(long)]
    png: Option<PathBuf>,
    /// Also a self-contained HTML page (pan, zoom, search, click for facts and sources)
    #[arg(long)]
    html: Option<PathBuf>,
    /// Draw at most this many nodes (the best connected)
    #[arg(long, default_value_t = 400)]
    max_nodes: usize,
    /// Also draw entities that have no relation
    #[arg(long)]
    isolated: bool,
    /// Width and height of the drawing
    #[arg(long, default_value_t = 1400.0)]
    width: f64,
    #[arg(long, default_value_t = 1000.0)]
    height: f64,
}

/// Where exports go and in which formats (shared by build and export).
#[derive(Args)]
struct OutputOpts {
    /// Folder for the exports (graph.<ext>)
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Comma-separated formats: ttl, nt, nq, trig, rdf, jsonld, graphml, gexf, neo4j-csv, cypher
    #[arg(long, default_value = "ttl,nq,graphml")]
    format: String,
    /// GraphML view: entities (posts as edges, figures as attributes) or full (keeps position and observation nodes)
    #[arg(long, default_value = "entities", value_parser = ["entities", "full"])]
    graphml_view: String,
}

impl OutputOpts {
    fn formats(&self) -> Result<Vec<Format>> {
        Format::parse_list(&self.format).map_err(|e| anyhow!("--format: {e}"))
    }

    fn exporter(&self, formats: &[Format]) -> Result<zonekg::pipeline::Exporter> {
        let mode = if self.graphml_view == "full" { zonekg::view::ViewMode::Full } else { zonekg::view::ViewMode::Entities };
        zonekg::pipeline::Exporter::new(&self.out, formats, mode).with_context(|| format!("{}: cannot write exports", self.out.display()))
    }
}

#[derive(Args)]
struct ExportArgs {
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    store: Option<PathBuf>,
    #[command(flatten)]
    output: OutputOpts,
}

#[derive(Args)]
struct RemoveArgs {
    /// Article ids (as in dcterms:identifier and the store's graphs/<id>.nq)
    #[arg(required = true)]
    ids: Vec<String>,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    store: Option<PathBuf>,
}

#[derive(Args)]
struct MergeArgs {
    /// The store to merge into (created if new)
    out: PathBuf,
    /// Shard stores
    #[arg(required = true)]
    shards: Vec<PathBuf>,
}

#[derive(Args)]
struct ExplainArgs {
    /// The entity: a name (label or alias) or an IRI
    name: String,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    store: Option<PathBuf>,
    /// JSON for machines
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ValidateArgs {
    /// RDF files (.ttl .nt .nq .trig .rdf .jsonld)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Shapes file (default: the shapes that ship with zonekg, ontology/shapes.ttl)
    #[arg(long)]
    shapes: Option<PathBuf>,
}

#[derive(Args)]
struct BuildArgs {
    /// Files or folders of articles (.txt .md .html .htm .jsonl); `-` reads stdin
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputOpts,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    store: Option<PathBuf>,
    /// Worker threads for extraction (0: one per core)
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// No summary and no progress on stderr
    #[arg(long, short)]
    quiet: bool,
    /// Print throughput and peak memory to stderr
    #[arg(long)]
    stats: bool,
    /// Extra lexicon file (kind<TAB>entry lines); repeatable
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Do not load the store, only write the exports
    #[arg(long)]
    no_store: bool,
}

#[derive(Args)]
struct QueryArgs {
    /// The SPARQL query (or use --file)
    query: Option<String>,
    /// Read the query from a file
    #[arg(long, short)]
    file: Option<PathBuf>,
    /// Store folder (default: $ZONEKG_STORE, else ~/.local/share/zonekg/store)
    #[arg(long)]
    store: Option<PathBuf>,
    /// table, json, csv or tsv
    #[arg(long, default_value = "table")]
    format: String,
}

/// A failure that still let the run finish (exit 1).
struct Partial(String);

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let res = match cli.cmd {
        Cmd::Build(a) => build(a),
        Cmd::Query(a) => query(a),
        Cmd::Explain(a) => explain(a),
        Cmd::Validate(a) => validate(a),
        Cmd::Export(a) => export_cmd(a),
        Cmd::Remove(a) => remove(a),
        Cmd::Merge(a) => merge(a),
        Cmd::Render(a) => render(a),
    };
    match res {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(Partial(msg))) => {
            eprintln!("zonekg: {msg}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("zonekg: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn load_lexicon(files: &[PathBuf]) -> Result<Lexicon> {
    let mut lex = Lexicon::builtin();
    for f in files {
        lex.extend_from_file(f)?;
    }
    Ok(lex)
}

/// Articles handed to the workers at a time (and held per chunk in flight).
const CHUNK: usize = 32;
/// Prepared chunks that may wait for the ordered writer (about 16 MB each on
/// news; 6 against 1: 100 MB in 15 s instead of 17, 0.84 GB peak).
const QUEUED: usize = 6;

fn build(a: BuildArgs) -> Result<Option<Partial>> {
    use rayon::prelude::*;
    let started = std::time::Instant::now();
    let formats = a.output.formats()?;
    let x = Extractor::new(load_lexicon(&a.lexicons)?)?;
    let files = zonekg::input::collect_files(&a.paths)?;
    let mut failed = 0usize;
    let mut input_bytes = 0u64;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(a.threads).build().context("starting worker threads")?;
    // decode and split in parallel, a batch of files at a time (so only one
    // batch's decoded documents sit beside the articles); report in file order
    let mut articles = Vec::new();
    let mut seen_ids = std::collections::HashSet::new();
    let mut n_docs = 0usize;
    for batch in files.chunks(256) {
        let read: Vec<_> = pool.install(|| batch.par_iter().map(|f| zonekg::input::read_input_as(&f.path, &f.name)).collect());
        let mut docs = Vec::new();
        for (d, errs) in read {
            for e in &errs {
                eprintln!("zonekg: error: {e}");
            }
            failed += errs.len();
            input_bytes += d.iter().map(|d| d.text.len() as u64 + d.title.as_ref().map(|t| t.len() as u64).unwrap_or(0)).sum::<u64>();
            docs.extend(d);
        }
        n_docs += docs.len();
        articles.extend(pool.install(|| zonekg::article_shells_from_docs(&x, docs, &mut seen_ids)));
    }
    drop(seen_ids);
    if n_docs == 0 {
        return Err(anyhow!("no article could be read from {} input(s); nothing written", files.len()));
    }
    let store_dir = if a.no_store {
        None
    } else {
        let p = a.store.clone().unwrap_or_else(store::default_store_dir);
        Some(StoreDir::create_or_open(&p)?)
    };
    let _lock = match &store_dir {
        Some(s) => Some(s.lock()?),
        None => None,
    };
    // articles in id order: every output is then independent of input order and thread count
    articles.sort_by(|p, q| p.id.cmp(&q.id));
    let read_done = started.elapsed().as_secs_f64();
    let mut exporter = a.output.exporter(&formats)?;
    let bar = indicatif::ProgressBar::hidden();
    bar.set_length(articles.len() as u64);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles {per_sec} eta {eta}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
    let show_progress = !a.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let (mut entities, mut positions, mut observations) = (0usize, 0usize, 0usize);
    let mut writer_busy = 0f64;
    type Prepared = Result<(zonekg::pipeline::ArticleOut, (usize, usize, usize))>;
    // the parallel part: extraction and per-article serialisation, in the pool
    let work = |chunk: Vec<zonekg::text::Article>| -> Vec<Prepared> {
        pool.install(|| {
            chunk
                .into_par_iter()
                .map(|mut art| {
                    art.prepare();
                    let ex = x.extract(&art);
                    let out = zonekg::pipeline::prepare_with(export::graph_of_article(&art, &ex), &formats, store_dir.is_some())?;
                    if let Some(s) = &store_dir {
                        s.write_article_bytes(&art.id, &out.nq)?;
                    }
                    let counts = (ex.mentions.len(), ex.positions.len(), ex.observations.len());
                    Ok((out, counts))
                })
                .collect()
        })
    };
    // the sequential part: everything that needs article order (union
    // deduplication, the entity view, the files), in id order
    let mut consume = |results: Vec<Prepared>| -> Result<()> {
        let n_chunk = results.len();
        for r in results {
            let (out, (e, p, o)) = r?;
            entities += e;
            positions += p;
            observations += o;
            let t = std::time::Instant::now();
            exporter.add_prepared(out).context("writing exports")?;
            writer_busy += t.elapsed().as_secs_f64();
        }
        if show_progress && started.elapsed().as_secs_f64() > 1.0 && bar.is_hidden() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.inc(n_chunk as u64);
        Ok(())
    };
    let mut rest = articles.into_iter();
    let mut next_chunk = move || -> Option<Vec<zonekg::text::Article>> {
        let chunk: Vec<zonekg::text::Article> = rest.by_ref().take(CHUNK).collect();
        (!chunk.is_empty()).then_some(chunk)
    };
    if pool.current_num_threads() == 1 {
        while let Some(chunk) = next_chunk() {
            consume(work(chunk))?;
        }
    } else {
        // with more than one worker the writer runs beside them on its own
        // thread, up to QUEUED chunks behind: when the kernel makes it wait
        // (writeback of gigabytes), the workers go on instead of waiting too
        std::thread::scope(|sc| -> Result<()> {
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
    let (n_articles, quads, triples) = (exporter.articles, exporter.quads, exporter.triples);
    let stream_done = started.elapsed().as_secs_f64();
    // in the pool: the entity view and the property-graph files are made in parallel
    let written = pool.install(|| exporter.finish()).context("writing exports")?;
    if !a.quiet {
        eprintln!("zonekg: {n_articles} article(s) from {} file(s): {entities} mentions, {positions} positions, {observations} figures, {quads} statements", files.len());
        for w in &written {
            eprintln!("zonekg: wrote {}", w.display());
        }
        if let Some(s) = &store_dir {
            eprintln!("zonekg: store {}", s.path.display());
        }
    }
    if a.stats {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let peak = zonekg::pipeline::peak_memory().map(|b| format!("{:.0} MB", b as f64 / 1e6)).unwrap_or_else(|| "unknown".into());
        eprintln!(
            "zonekg: stats: {n_articles} articles, {:.1} MB input in {secs:.2} s: {:.0} articles/s, {:.2} MB/s, {:.0} statements/s written ({quads} quads, {triples} union triples), {} threads, peak memory {peak}",
            input_bytes as f64 / 1e6,
            n_articles as f64 / secs,
            input_bytes as f64 / 1e6 / secs,
            (quads + triples) as f64 / secs,
            pool.current_num_threads()
        );
        eprintln!(
            "zonekg: stats: phases: reading and splitting {read_done:.2} s, extracting and writing {:.2} s (the ordered writer busy {writer_busy:.2} s of it), finishing (entity view, property-graph files, sync) {:.2} s",
            stream_done - read_done,
            secs - stream_done
        );
    }
    if failed > 0 {
        return Ok(Some(Partial(format!("{failed} input error(s); the other inputs were built"))));
    }
    Ok(None)
}

fn query(a: QueryArgs) -> Result<Option<Partial>> {
    let fmt = QueryFormat::parse(&a.format).ok_or_else(|| anyhow!("--format: unknown {:?} (expected table, json, csv, tsv)", a.format))?;
    let q = match (&a.query, &a.file) {
        (Some(q), None) => q.clone(),
        (None, Some(f)) => std::fs::read_to_string(f).with_context(|| format!("{}: cannot read query", f.display()))?,
        (Some(_), Some(_)) => return Err(anyhow!("give the query inline or with --file, not both")),
        (None, None) => return Err(anyhow!("no query: give one inline or with --file FILE")),
    };
    // a bad query is reported before the store is loaded
    if let Err(e) = store::check_query(&q) {
        let origin = a.file.as_ref().map(|f| format!("{}: ", f.display())).unwrap_or_default();
        return Err(anyhow!("{origin}{e}"));
    }
    let p = a.store.clone().unwrap_or_else(store::default_store_dir);
    let s = StoreDir::open(&p)?;
    if s.is_locked() {
        eprintln!("zonekg: warning: {} is being written by a build; results may be partial", p.display());
    }
    let st = s.load()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match store::run_query(&st, &q, fmt, &mut out) {
        Ok(_) | Err(store::StoreError::BrokenPipe) => {}
        Err(e) => return Err(e.into()),
    }
    out.flush().ok();
    Ok(None)
}

fn explain(a: ExplainArgs) -> Result<Option<Partial>> {
    let p = a.store.clone().unwrap_or_else(store::default_store_dir);
    let st = StoreDir::open(&p)?.load()?;
    let ex = zonekg::explain::explain(&st, &a.name)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &ex)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", zonekg::explain::render(&ex))?;
    }
    if ex.is_empty() {
        return Ok(Some(Partial(format!("no entity named {:?} in {}", a.name, p.display()))));
    }
    Ok(None)
}

fn validate(a: ValidateArgs) -> Result<Option<Partial>> {
    use zonekg::validate::{load_file, validate, Shapes};
    let shapes = match &a.shapes {
        Some(f) => Shapes::parse(&std::fs::read_to_string(f).with_context(|| format!("{}: cannot read shapes", f.display()))?)?,
        None => Shapes::builtin(),
    };
    let mut bad = 0usize;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for f in &a.files {
        let store = load_file(f)?;
        let v = validate(&store, &shapes);
        if v.is_empty() {
            writeln!(out, "{}: conforms ({} shapes)", f.display(), shapes.len())?;
        } else {
            writeln!(out, "{}: {} violation(s)", f.display(), v.len())?;
            for x in &v {
                writeln!(out, "  {x}")?;
            }
            bad += 1;
        }
    }
    if bad > 0 {
        return Ok(Some(Partial(format!("{bad} file(s) do not conform"))));
    }
    Ok(None)
}

fn export_cmd(a: ExportArgs) -> Result<Option<Partial>> {
    let formats = a.output.formats()?;
    let p = a.store.clone().unwrap_or_else(store::default_store_dir);
    let s = StoreDir::open(&p)?;
    let mut ex = a.output.exporter(&formats)?;
    let files = s.graph_files()?;
    for chunk in files.chunks(64) {
        use rayon::prelude::*;
        let outs: Vec<Result<zonekg::pipeline::ArticleOut>> = chunk.par_iter().map(|f| Ok(zonekg::pipeline::prepare(zonekg::stmts::ArticleGraph::from_quads(&s.read_graph(f)?), &formats)?)).collect();
        for o in outs {
            ex.add_prepared(o?).context("writing exports")?;
        }
    }
    for w in ex.finish().context("writing exports")? {
        eprintln!("zonekg: wrote {}", w.display());
    }
    Ok(None)
}

fn remove(a: RemoveArgs) -> Result<Option<Partial>> {
    let p = a.store.clone().unwrap_or_else(store::default_store_dir);
    let s = StoreDir::open(&p)?;
    let _lock = s.lock()?;
    let mut missing = Vec::new();
    for id in &a.ids {
        if s.remove_article(id)? {
            eprintln!("zonekg: removed {id}");
        } else {
            missing.push(id.clone());
        }
    }
    if !missing.is_empty() {
        return Ok(Some(Partial(format!("not in {}: {}", p.display(), missing.join(", ")))));
    }
    Ok(None)
}

fn merge(a: MergeArgs) -> Result<Option<Partial>> {
    let out = StoreDir::create_or_open(&a.out)?;
    let _lock = out.lock()?;
    let mut n = 0;
    for sh in &a.shards {
        let s = StoreDir::open(sh)?;
        n += out.merge_from(&s)?;
    }
    eprintln!("zonekg: merged {n} article graph(s) from {} shard(s) into {}", a.shards.len(), a.out.display());
    Ok(None)
}

fn render(a: RenderArgs) -> Result<Option<Partial>> {
    use zonekg::render;
    let p = a.store.clone().unwrap_or_else(store::default_store_dir);
    let per_article = StoreDir::open(&p)?.article_quads()?;
    let view = zonekg::view::GraphView::from_quads(&per_article);
    if view.nodes.is_empty() {
        return Err(anyhow!("{}: the store holds no entities to draw", p.display()));
    }
    let keep = render::select_nodes(&view, a.max_nodes, a.isolated);
    let placed = render::layout(&view, &keep, a.width, a.height, 400);
    let svg = render::svg(&view, &placed, a.width, a.height);
    export::write_atomic(&a.out, |w| w.write_all(svg.as_bytes())).with_context(|| format!("{}: cannot write", a.out.display()))?;
    eprintln!("zonekg: wrote {} ({} of {} nodes)", a.out.display(), placed.len(), view.nodes.len());
    if let Some(h) = &a.html {
        let facts = render::facts(&view, &per_article, &keep, 8);
        let page = render::html(&svg, &facts);
        export::write_atomic(h, |w| w.write_all(page.as_bytes())).with_context(|| format!("{}: cannot write", h.display()))?;
        eprintln!("zonekg: wrote {}", h.display());
    }
    if let Some(png) = &a.png {
        let converters: [(&str, Vec<std::ffi::OsString>); 2] =
            [("rsvg-convert", vec!["-o".into(), png.into(), a.out.clone().into()]), ("convert", vec!["-density".into(), "110".into(), a.out.clone().into(), png.into()])];
        let done = converters.iter().any(|(cmd, args)| std::process::Command::new(cmd).args(args).status().map(|s| s.success()).unwrap_or(false));
        if done {
            eprintln!("zonekg: wrote {}", png.display());
        } else {
            return Ok(Some(Partial(format!("no SVG converter (rsvg-convert or ImageMagick convert) could write {}", png.display()))));
        }
    }
    Ok(None)
}
