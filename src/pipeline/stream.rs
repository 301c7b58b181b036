//! The streaming stage (`zonekg build - --format nq --out -`): records in,
//! statements out, with no state carried from one record to the next, so
//! zonekg can run as one stage of a distributed engine (a Spark `pipe`, a
//! Unix pipeline, a queue consumer) and the union of what any number of such
//! stages write is what one build writes.
//!
//! Each article's whole graph is written as soon as its batch is done, its
//! lines contiguous: the facts it states (default graph) and its evidence
//! (its named graph), exactly its store file. A fact that several articles
//! state is written by each of them; the union of the streams (`distinct`)
//! is the build's `graph.nq` as a set, whatever the batch boundaries,
//! partitions or order. Records come as they arrive: a batch is what has
//! been read while the last one was being extracted (at most
//! [`MAX_BATCH`] records), so a slow producer is answered record by record
//! and a fast one keeps every core busy. Output is in input order.

use super::BuildError;
use crate::export::{rdf, Format};
use crate::extract::Extractor;
use crate::input::{self, InputError, RawDoc};
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

/// Records extracted together at most (and the reader's lead over the workers).
pub const MAX_BATCH: usize = 64;

/// What to stream.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// files or folders of articles; `-` reads stdin (JSONL read record by
    /// record; anything else read whole as one document)
    pub paths: Vec<PathBuf>,
    /// `Format::NQuads` (facts and evidence) or `Format::NTriples` (one graph)
    pub format: Format,
    /// worker threads (0: one per core)
    pub threads: usize,
}

/// What a stream did.
#[derive(Debug, Clone, Default)]
pub struct StreamReport {
    pub records: usize,
    pub articles: usize,
    /// lines written (a fact stated by several articles counts once per article)
    pub lines: usize,
    pub input_bytes: u64,
    pub input_errors: usize,
    pub threads: usize,
    pub secs: f64,
}

impl StreamReport {
    /// One line for stderr (`build --out -` prints it unless `--quiet`).
    pub fn summary(&self) -> String {
        let secs = self.secs.max(1e-9);
        format!(
            "zonekg: streamed {} article(s) from {} record(s), {} lines, {:.1} MB in {:.2} s ({:.2} MB/s, {} threads)\n",
            self.articles,
            self.records,
            self.lines,
            self.input_bytes as f64 / 1e6,
            secs,
            self.input_bytes as f64 / 1e6 / secs,
            self.threads
        )
    }
}

/// A record read, or why it could not be.
type Item = Result<RawDoc, InputError>;

/// A record's articles as lines, and what the report counts of them.
struct Streamed {
    bytes: Vec<u8>,
    articles: usize,
    lines: usize,
    input_bytes: u64,
}

/// Reads the inputs and writes every article's statements to `out` as they
/// are made. Inputs that cannot be read go to `on_input_error` in input
/// order, between the output of the records around them, and are counted;
/// an error writing `out` stops the stream.
pub fn stream_build(x: &Extractor, opts: &StreamOptions, out: &mut dyn Write, mut on_input_error: impl FnMut(&InputError)) -> Result<StreamReport, BuildError> {
    let started = Instant::now();
    let files = input::collect_files(&opts.paths)?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.threads).build().map_err(|e| BuildError::Threads(e.to_string()))?;
    let mut report = StreamReport { threads: pool.current_num_threads(), ..Default::default() };
    let write_err = |e: std::io::Error| BuildError::Exports { path: "<stdout>".into(), error: e };
    let triples = opts.format == Format::NTriples;
    std::thread::scope(|sc| -> Result<(), BuildError> {
        let (tx, rx) = mpsc::sync_channel::<Item>(MAX_BATCH);
        sc.spawn(move || read_records(&files, &tx));
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(item) => batch.push(item),
                    Err(_) => break,
                }
            }
            let done: Vec<Result<Streamed, InputError>> = pool.install(|| batch.into_par_iter().map(|item| item.map(|doc| graph_lines(x, &doc, triples))).collect());
            for d in done {
                report.records += 1;
                match d {
                    Ok(r) => {
                        out.write_all(&r.bytes).map_err(write_err)?;
                        (report.articles, report.lines, report.input_bytes) = (report.articles + r.articles, report.lines + r.lines, report.input_bytes + r.input_bytes);
                    }
                    Err(e) => {
                        report.input_errors += 1;
                        on_input_error(&e);
                    }
                }
            }
            // what is done goes to the reader now, not when a buffer fills
            out.flush().map_err(write_err)?;
        }
        Ok(())
    })?;
    report.secs = started.elapsed().as_secs_f64();
    Ok(report)
}

/// A document's articles, each one's whole graph as lines.
fn graph_lines(x: &Extractor, doc: &RawDoc, triples: bool) -> Streamed {
    let mut bytes = Vec::new();
    let arts = input::article_shells_of(doc, x.zone_cue());
    let n = arts.len();
    for mut art in arts {
        art.prepare();
        let ex = x.extract(&art);
        let g = crate::resolve::graph_of_article(&art, &ex);
        if triples {
            for st in &g.stmts {
                rdf::write_nt(&mut bytes, &g, st, false);
            }
        } else {
            bytes.extend(rdf::nquads(&g));
        }
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    let input_bytes = doc.text.len() as u64 + doc.title.as_ref().map_or(0, |t| t.len() as u64);
    Streamed { bytes, articles: n, lines, input_bytes }
}

/// Sends every record of the inputs, in order, until the inputs end or the
/// receiver is gone. Standard input that starts with `{` is JSONL, read a
/// line at a time; other inputs are read whole, as `build` reads them.
fn read_records(files: &[input::InputFile], tx: &mpsc::SyncSender<Item>) {
    for f in files {
        if f.path.as_os_str() == "-" {
            let stdin = std::io::stdin();
            if !read_stdin_records(&mut stdin.lock(), tx) {
                return;
            }
            continue;
        }
        let (docs, errs) = input::read_input_as(&f.path, &f.name);
        // a whole file's errors first, then its records (line numbers tell where each was)
        for item in errs.into_iter().map(Err).chain(docs.into_iter().map(Ok)) {
            if tx.send(item).is_err() {
                return;
            }
        }
    }
}

/// Standard input, a record at a time when it is JSONL; false when the receiver is gone.
fn read_stdin_records(r: &mut dyn BufRead, tx: &mpsc::SyncSender<Item>) -> bool {
    const ORIGIN: &str = "<stdin>";
    let io_err = |e: std::io::Error| InputError::Io { path: ORIGIN.into(), message: e.to_string() };
    let starts_json = loop {
        match r.fill_buf() {
            Ok([]) => break false,
            Ok(buf) => match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                // a UTF-8 byte order mark before the first record
                Some(i) => break buf[i] == b'{' || buf[i..].starts_with("\u{feff}{".as_bytes()),
                None => {
                    let n = buf.len();
                    r.consume(n);
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return tx.send(Err(io_err(e))).is_ok(),
        }
    };
    if !starts_json {
        // not records: one document, read and decoded as `build -` reads it
        let mut bytes = Vec::new();
        let item = match r.read_to_end(&mut bytes) {
            // nothing at all (an empty partition of a distributed job): no record, no error
            Ok(_) if bytes.iter().all(u8::is_ascii_whitespace) => return true,
            Ok(_) => input::read_bytes_as(&bytes, std::path::Path::new("-"), ORIGIN),
            Err(e) => (Vec::new(), vec![io_err(e)]),
        };
        let (docs, errs) = item;
        return errs.into_iter().map(Err).chain(docs.into_iter().map(Ok)).all(|i| tx.send(i).is_ok());
    }
    let mut line = Vec::new();
    for line_no in 1.. {
        line.clear();
        match r.read_until(b'\n', &mut line) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => return tx.send(Err(io_err(e))).is_ok(),
        }
        let item = match std::str::from_utf8(&line) {
            Ok(s) => input::parse_record(s, ORIGIN, line_no),
            Err(e) => Err(InputError::Jsonl { path: ORIGIN.into(), line: line_no, message: format!("not UTF-8 ({e})") }),
        };
        // a blank line is no record
        if let Some(item) = item.transpose() {
            if tx.send(item).is_err() {
                return false;
            }
        }
    }
    true
}
