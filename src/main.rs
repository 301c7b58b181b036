//! The `zonekg` command: a thin layer over the library that maps errors to
//! exit codes (0 success, 1 the run finished but something in it failed,
//! 2 usage or fatal error). stdout carries data; stderr carries diagnostics.

#![warn(clippy::too_many_lines)]

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

mod cli;

use clap::Parser;
use cli::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use zonekg::extract::Extractor;
use zonekg::lexicon::Lexicon;
use zonekg::pipeline::{self, BuildOptions};
use zonekg::store::{self, QueryFormat, StoreDir};

/// A failure that still let the run finish (exit 1).
struct Partial(String);

/// A write past the file-size limit (`ulimit -f`) fails with an error we
/// report (naming the file, the earlier outputs left as they were) instead
/// of the signal that would kill the process without a word.
fn file_size_limit_is_an_error() {
    #[cfg(unix)]
    // SAFETY: sets a signal's disposition to "ignore" before any thread starts
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    file_size_limit_is_an_error();
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
        Cmd::Resolve(a) => resolve(a),
        Cmd::Render(a) => render(a),
        Cmd::Serve(a) => serve(a),
    };
    match res {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(Partial(msg))) => {
            eprintln!("zonekg: {msg}");
            ExitCode::from(1)
        }
        // the reader of our output went away (`zonekg explain X | head`): nothing is wrong
        Err(e) if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) => ExitCode::SUCCESS,
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

fn build(a: BuildArgs) -> Result<Option<Partial>> {
    let formats = a.output.formats()?;
    let files = a.lexicons.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ");
    let x = Extractor::new(load_lexicon(&a.lexicons)?).map_err(|e| if files.is_empty() { anyhow!(e) } else { anyhow!("{files}: {e}") })?;
    if a.output.out.as_os_str() == "-" {
        return stream_build(&x, a, &formats);
    }
    let opts = BuildOptions {
        paths: a.paths,
        out: a.output.out.clone(),
        formats,
        view: a.output.view(),
        store: (!a.no_store).then(|| a.store.clone().unwrap_or_else(store::default_store_dir)),
        threads: a.threads,
        progress: !a.quiet,
    };
    let r = pipeline::build(&x, &opts, |e| eprintln!("zonekg: error: {e}"))?;
    if !a.quiet {
        eprint!("{}", r.summary());
    }
    if a.stats {
        eprint!("{}", r.stats(pipeline::peak_memory()));
    }
    if r.input_errors > 0 {
        return Ok(Some(Partial(format!("{} input error(s); the other inputs were built", r.input_errors))));
    }
    Ok(None)
}

/// `build --out -`: every article's statements on stdout as they are made.
fn stream_build(x: &Extractor, a: BuildArgs, formats: &[zonekg::export::Format]) -> Result<Option<Partial>> {
    use zonekg::export::Format;
    let format = match formats {
        [f @ (Format::NQuads | Format::NTriples)] => *f,
        _ => return Err(anyhow!("--out - streams one format to stdout: give --format nq (facts and evidence) or --format nt")),
    };
    if a.store.is_some() {
        return Err(anyhow!("--out - streams without a store (each record on its own): drop --store, or load the stream with `zonekg build FILE --store DIR`"));
    }
    let opts = pipeline::StreamOptions { paths: a.paths, format, threads: a.threads };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    // a closed stdout (`| head`) ends in main's BrokenPipe case, quietly
    let r = pipeline::stream_build(x, &opts, &mut out, |e| eprintln!("zonekg: error: {e}"))?;
    if !a.quiet {
        eprint!("{}", r.summary());
    }
    if a.stats {
        eprintln!("zonekg: stats: peak memory {:.0} MB", pipeline::peak_memory().unwrap_or(0) as f64 / 1e6);
    }
    if r.input_errors > 0 {
        return Ok(Some(Partial(format!("{} input error(s); the other records were streamed", r.input_errors))));
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
    // only what the query can match: most queries need a few predicates of the facts
    let st = s.load_plan(&store::LoadPlan::of_query(&q))?;
    for f in &a.with {
        StoreDir::add_rdf_file(&st, f)?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let limits = store::QueryLimits { timeout: (a.timeout > 0).then(|| std::time::Duration::from_secs(a.timeout)), max_results: (a.max_results > 0).then_some(a.max_results) };
    match store::run_query_limited(&st, &q, fmt, &mut out, limits) {
        Ok(_) | Err(store::StoreError::BrokenPipe) => {}
        Err(e) => return Err(e.into()),
    }
    out.flush().ok();
    Ok(None)
}

fn explain(a: ExplainArgs) -> Result<Option<Partial>> {
    let p = a.store.clone().unwrap_or_else(store::default_store_dir);
    let ex = zonekg::explain::explain_store(&StoreDir::open(&p)?, &a.name, a.max_articles)?;
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
    if a.output.out.as_os_str() == "-" {
        return Err(anyhow!("export writes files: give --out DIR (`zonekg build - --out -` is the stream)"));
    }
    let formats = a.output.formats()?;
    let s = StoreDir::open(&a.store.clone().unwrap_or_else(store::default_store_dir))?;
    for w in pipeline::export_store(&s, &a.output.out, &formats, a.output.view())? {
        eprintln!("zonekg: wrote {}", w.display());
    }
    Ok(None)
}

fn resolve(a: ResolveArgs) -> Result<Option<Partial>> {
    use zonekg::pipeline::CorpusSource;
    use zonekg::resolve::corpus::links_nquads;
    if !a.paths.is_empty() && a.store.is_some() {
        return Err(anyhow!("give files or --store, not both"));
    }
    let links = if a.paths.is_empty() {
        let s = StoreDir::open(&a.store.clone().unwrap_or_else(store::default_store_dir))?;
        pipeline::resolve_corpus(CorpusSource::Store(&s))?
    } else {
        pipeline::resolve_corpus(CorpusSource::Files(&a.paths))?
    };
    let bytes = links_nquads(&links);
    match a.out.as_ref().filter(|o| o.as_os_str() != "-") {
        Some(o) => zonekg::files::write_atomic(o, |w| w.write_all(&bytes)).with_context(|| format!("{}: cannot write", o.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    let rules = |r: &str| links.iter().filter(|l| l.rule == r).count();
    eprintln!("zonekg: {} owl:sameAs link(s): {} declared alias, {} same post", links.len(), rules("corpus.declared-alias"), rules("corpus.same-post"));
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
    let s = StoreDir::open(&a.store.clone().unwrap_or_else(store::default_store_dir))?;
    let o = zonekg::render::DrawOptions { svg: a.out, png: a.png, html: a.html, max_nodes: a.max_nodes, isolated: a.isolated, width: a.width, height: a.height };
    let d = zonekg::render::draw(&s, &o)?;
    eprintln!("zonekg: wrote {} ({} of {} nodes)", o.svg.display(), d.placed, d.nodes);
    for w in &d.written[1..] {
        eprintln!("zonekg: wrote {}", w.display());
    }
    match d.png_missing {
        Some(png) => Ok(Some(Partial(format!("no SVG converter (rsvg-convert or ImageMagick convert) could write {}", png.display())))),
        None => Ok(None),
    }
}

fn serve(a: ServeArgs) -> Result<Option<Partial>> {
    let p = a.store.clone().unwrap_or_else(store::default_store_dir);
    let st = StoreDir::open(&p)?.load()?;
    for f in &a.with {
        StoreDir::add_rdf_file(&st, f)?;
    }
    let limits = zonekg::serve::Limits { timeout: std::time::Duration::from_secs_f64(a.timeout.max(0.001)), max_results: a.max_results };
    let opts = zonekg::serve::ServeOptions { bind: a.bind, limits, threads: a.threads };
    let quads = st.len().unwrap_or(0);
    zonekg::serve::serve(st, &opts, |addr| eprintln!("zonekg: serving {} ({quads} statements) at http://{addr}/sparql", p.display())).map_err(|e| anyhow!(e))?;
    Ok(None)
}
