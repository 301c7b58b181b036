//! Streaming exports: article graphs go in one by one, in article-id order,
//! and every output file is written as they arrive (to a temporary file,
//! renamed into place at the end), so a corpus never sits in memory as
//! statements or as serialized text. Every format holds each fact once
//! (statements about a shared node, an entity, post, figure or rule, are
//! remembered by a 128-bit hash; an article's own mention and statement
//! nodes need no memory at all). Dataset formats (N-Quads, TriG) put the
//! facts in the default graph, the merge of what the articles say, and each
//! article's own nodes (the article, its mentions, sentences and reified
//! statements: its evidence) in its named graph; the others hold the union.

use super::propgraph;
use super::rdf::{self, TurtleJoin};
use super::view::{ViewBuilder, ViewDelta, ViewMode};
use super::Format;
use crate::model::stmts::ArticleGraph;
use crate::model::vocab::turtle_prefixes;
use oxigraph::io::{RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{GraphName, Quad};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

type Out = BufWriter<NamedTempFile>;
/// An export file's name and the function that writes it.
type FileWriter<'a> = (&'static str, Box<dyn Fn(&mut dyn Write) -> io::Result<()> + 'a>);

enum RdfOut {
    /// N-Quads: the workers' bytes, as they are
    NQuads(Out),
    /// N-Triples and Turtle: the workers' chunks of the article's own
    /// statements, then its new shared statements
    NTriples(Out),
    Turtle(Out),
    /// the others: one serializer fed in order
    Dataset(WriterQuadSerializer<Out>),
    Union(WriterQuadSerializer<Out>),
}

/// One article's statements, serialised where that can be done apart from
/// the other articles (in the workers, in parallel).
pub struct ArticleOut {
    pub graph: ArticleGraph,
    /// the article graph in N-Quads, facts in the default graph (the store
    /// file; graph.nq gets it without the facts an earlier article wrote)
    pub nq: Vec<u8>,
    /// statements about the article's own nodes (its mentions, its reified
    /// statements, the article itself): no other article can repeat them
    pub owned_nt: Vec<u8>,
    pub owned_ttl: Vec<u8>,
    /// the statements about shared nodes: index into `graph.stmts`, hash,
    /// where its text is in `shared_text` (N-Triples line, or Turtle
    /// subject and the rest) and where its line is in `nq`
    pub shared: Vec<Shared>,
    pub shared_text: Vec<u8>,
    /// what the article adds to the entity view, when a format needs it
    pub view: Option<ViewDelta>,
}

pub struct Shared {
    pub index: usize,
    pub hash: (u64, u64),
    /// start, end of the subject and of the predicate (Turtle), end
    pub text: (usize, usize, usize, usize),
    /// start and end of its N-Quads line
    pub nq: (usize, usize),
}

/// Serialises what can be serialised of one article on its own (run it in a worker).
pub fn prepare(graph: ArticleGraph, formats: &[Format]) -> io::Result<ArticleOut> {
    prepare_with(graph, formats, formats.contains(&Format::NQuads))
}

/// [`prepare`], with the N-Quads made also when no format asks for them
/// (`nquads`: for the store).
pub fn prepare_with(graph: ArticleGraph, formats: &[Format], nquads: bool) -> io::Result<ArticleOut> {
    let owned = graph.owned();
    let (nq, nq_facts) = if nquads || formats.contains(&Format::NQuads) { rdf::nquads_with(&graph, &owned) } else { Default::default() };
    let owned_stmts = || graph.stmts.iter().zip(&owned).filter(|(_, o)| **o).map(|(st, _)| st);
    let mut owned_nt = Vec::new();
    if formats.contains(&Format::NTriples) {
        for st in owned_stmts() {
            rdf::write_nt(&mut owned_nt, &graph, st, false);
        }
    }
    let mut terms = rdf::TtlTerms::new(&graph);
    let owned_ttl = if formats.contains(&Format::Turtle) {
        let mut t = terms.prefix_line();
        t.extend(rdf::turtle(&graph, owned_stmts(), &mut terms));
        t
    } else {
        Vec::new()
    };
    let (nt, ttl) = (formats.contains(&Format::NTriples), formats.contains(&Format::Turtle));
    let rdf_any = formats.iter().any(|f| f.rdf_format().is_some());
    let mut shared = Vec::new();
    let mut shared_text = Vec::new();
    let mut nq_lines = nq_facts.into_iter();
    for (i, st) in graph.stmts.iter().enumerate() {
        if owned[i] || !rdf_any {
            continue;
        }
        let start = shared_text.len();
        let (a, b) = if ttl {
            rdf::ttl_parts(&mut shared_text, &graph, st, &mut terms)
        } else {
            if nt {
                rdf::write_nt(&mut shared_text, &graph, st, false);
            }
            (start, start)
        };
        let nq = nq_lines.next().unwrap_or_default();
        shared.push(Shared { index: i, hash: graph.hash(st), text: (start, a, b, shared_text.len()), nq });
    }
    let view = formats.iter().any(|f| f.rdf_format().is_none()).then(|| ViewDelta::of_graph(&graph));
    Ok(ArticleOut { graph, nq, owned_nt, owned_ttl, shared, shared_text, view })
}

/// Writes the chosen formats of a stream of article graphs.
pub struct Exporter {
    dir: PathBuf,
    formats: Vec<Format>,
    mode: ViewMode,
    rdf: Vec<(Format, RdfOut)>,
    /// hashes of the shared statements written so far, in shards (by the
    /// hash's top bits) so that growing the set never doubles all of it at once
    seen: Vec<rustc_hash::FxHashSet<(u64, u64)>>,
    view: Option<ViewBuilder>,
    /// statements taken in (sum over articles)
    pub quads: usize,
    /// statements written (each fact once)
    pub triples: usize,
    pub articles: usize,
}

const SEEN_SHARDS: usize = 64;

fn temp_in(dir: &Path) -> io::Result<Out> {
    Ok(BufWriter::with_capacity(1 << 20, crate::files::temp_file_in(dir)?))
}

fn persist(out: Out, path: &Path) -> io::Result<()> {
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn serializer<W: Write>(format: Format, out: W) -> io::Result<WriterQuadSerializer<W>> {
    let rdf = format.rdf_format().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not an RDF format"))?;
    let mut ser = RdfSerializer::from_format(rdf);
    if !matches!(format, Format::NTriples | Format::NQuads | Format::JsonLd) {
        for (p, iri) in turtle_prefixes() {
            ser = ser.with_prefix(p, iri).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        }
    }
    Ok(ser.for_writer(out))
}

impl Exporter {
    pub fn new(dir: &Path, formats: &[Format], mode: ViewMode) -> io::Result<Exporter> {
        std::fs::create_dir_all(dir)?;
        crate::files::remove_stale_temps(dir, false);
        let mut rdf = Vec::new();
        for &f in formats {
            if f.rdf_format().is_none() {
                continue;
            }
            let mut out = temp_in(dir)?;
            let o = match f {
                Format::NQuads => RdfOut::NQuads(out),
                Format::NTriples => RdfOut::NTriples(out),
                Format::Turtle => {
                    for (p, iri) in turtle_prefixes() {
                        writeln!(out, "@prefix {p}: <{iri}> .")?;
                    }
                    RdfOut::Turtle(out)
                }
                f if f.is_dataset() => RdfOut::Dataset(serializer(f, out)?),
                f => RdfOut::Union(serializer(f, out)?),
            };
            rdf.push((f, o));
        }
        let needs_view = formats.iter().any(|f| f.rdf_format().is_none());
        Ok(Exporter {
            dir: dir.to_path_buf(),
            formats: formats.to_vec(),
            mode,
            rdf,
            seen: vec![Default::default(); SEEN_SHARDS],
            view: needs_view.then(|| ViewBuilder::new(mode == ViewMode::Full && formats.contains(&Format::GraphMl))),
            quads: 0,
            triples: 0,
            articles: 0,
        })
    }

    /// Takes in the statements of one article graph (articles in id order).
    pub fn add_article(&mut self, quads: &[Quad]) -> io::Result<()> {
        let out = prepare(ArticleGraph::from_quads(quads), &self.formats)?;
        self.add_prepared(out)
    }

    /// Takes in one article prepared by [`prepare`] (articles in id order).
    pub fn add_prepared(&mut self, mut a: ArticleOut) -> io::Result<()> {
        self.articles += 1;
        let g = &a.graph;
        self.quads += g.len();
        // the facts that no earlier article wrote
        let is_fresh: Vec<bool> = a.shared.iter().map(|sh| self.seen[(sh.hash.0 >> 58) as usize].insert(sh.hash)).collect();
        let fresh: Vec<&Shared> = a.shared.iter().zip(&is_fresh).filter(|(_, f)| **f).map(|(sh, _)| sh).collect();
        if !self.rdf.is_empty() {
            self.triples += g.len() - a.shared.len() + fresh.len();
        }
        let stale = || -> rustc_hash::FxHashSet<usize> { a.shared.iter().zip(&is_fresh).filter(|(_, f)| !**f).map(|(sh, _)| sh.index).collect() };
        let quads = || g.to_quads();
        for (_, r) in &mut self.rdf {
            match r {
                RdfOut::NQuads(w) => {
                    let mut at = 0;
                    for (sh, _) in a.shared.iter().zip(&is_fresh).filter(|(_, f)| !**f) {
                        w.write_all(&a.nq[at..sh.nq.0])?;
                        at = sh.nq.1;
                    }
                    w.write_all(&a.nq[at..])?;
                }
                RdfOut::NTriples(w) => {
                    w.write_all(&a.owned_nt)?;
                    if self.formats.contains(&Format::Turtle) {
                        // the shared text is Turtle: write these lines anew
                        let mut buf = Vec::new();
                        for sh in &fresh {
                            rdf::write_nt(&mut buf, g, &g.stmts[sh.index], false);
                        }
                        w.write_all(&buf)?;
                    } else {
                        for sh in &fresh {
                            w.write_all(&a.shared_text[sh.text.0..sh.text.3])?;
                        }
                    }
                }
                RdfOut::Turtle(w) => {
                    w.write_all(&a.owned_ttl)?;
                    let mut buf = Vec::new();
                    let mut join = TurtleJoin::default();
                    // a node's statements together (its subject written
                    // once), nodes in the order they first come
                    let mut first = rustc_hash::FxHashMap::default();
                    let rank: Vec<usize> = fresh
                        .iter()
                        .map(|sh| {
                            let n = first.len();
                            *first.entry(g.stmts[sh.index].s).or_insert(n)
                        })
                        .collect();
                    let mut by_subject: Vec<usize> = (0..fresh.len()).collect();
                    by_subject.sort_by_key(|&i| rank[i]);
                    for sh in by_subject.into_iter().map(|i| fresh[i]) {
                        let (w0, w1, w2, w3) = sh.text;
                        let t = &a.shared_text;
                        join.add(&mut buf, &t[w0..w1], &t[w1..w2], &t[w2..w3]);
                    }
                    join.end(&mut buf);
                    w.write_all(&buf)?;
                }
                RdfOut::Dataset(s) => {
                    let stale = stale();
                    for (i, q) in quads().into_iter().enumerate() {
                        if !stale.contains(&i) {
                            s.serialize_quad(&q)?;
                        }
                    }
                }
                RdfOut::Union(s) => {
                    let stale = stale();
                    for (i, q) in quads().into_iter().enumerate() {
                        if !stale.contains(&i) {
                            s.serialize_quad(&Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))?;
                        }
                    }
                }
            }
        }
        if let Some(v) = &mut self.view {
            match a.view.take() {
                Some(d) => v.merge(d),
                None => v.add_graph(&a.graph),
            }
        }
        Ok(())
    }

    /// Finishes every file and renames it into place; returns the paths.
    pub fn finish(mut self) -> io::Result<Vec<PathBuf>> {
        // the deduplication hashes are done with: give their memory to the view
        self.seen = Default::default();
        let mut written = Vec::new();
        let mut rdf_files = Vec::new();
        for (f, r) in self.rdf {
            let out = match r {
                RdfOut::NQuads(w) | RdfOut::NTriples(w) | RdfOut::Turtle(w) => w,
                RdfOut::Dataset(s) | RdfOut::Union(s) => s.finish()?,
            };
            rdf_files.push((f, out, self.dir.join(format!("graph.{}", f.ext()))));
        }
        // the RDF files are flushed to disk (gigabytes on a corpus) while the
        // entity view is finished and its files written
        let persisting = std::thread::spawn(move || -> io::Result<Vec<(Format, PathBuf)>> {
            let mut done = Vec::new();
            for (f, out, path) in rdf_files {
                persist(out, &path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                done.push((f, path));
            }
            Ok(done)
        });
        if let Some(vb) = self.view {
            let graphml_full = self.mode == ViewMode::Full && self.formats.contains(&Format::GraphMl);
            let full = graphml_full.then(|| vb.clone().finish(ViewMode::Full));
            let view = vb.finish(ViewMode::Entities);
            for &f in &self.formats {
                let files: Vec<FileWriter<'_>> = match f {
                    Format::GraphMl => vec![("graph.graphml", Box::new(|w: &mut dyn Write| propgraph::write_graphml(full.as_ref().unwrap_or(&view), w)))],
                    Format::Gexf => vec![("graph.gexf", Box::new(|w: &mut dyn Write| propgraph::write_gexf(&view, w)))],
                    Format::Neo4jCsv => vec![
                        ("graph.nodes.csv", Box::new(|w: &mut dyn Write| propgraph::write_neo4j_nodes(&view, w))),
                        ("graph.relationships.csv", Box::new(|w: &mut dyn Write| propgraph::write_neo4j_relationships(&view, w))),
                    ],
                    Format::Cypher => vec![("graph.cypher", Box::new(|w: &mut dyn Write| propgraph::write_cypher(&view, w)))],
                    Format::Kuzu => {
                        // the script loads the Neo4j CSV files: written here unless asked for too
                        let mut v: Vec<FileWriter<'_>> = vec![("graph.kuzu.cypher", Box::new(|w: &mut dyn Write| propgraph::write_kuzu(&view, w)))];
                        if !self.formats.contains(&Format::Neo4jCsv) {
                            v.push(("graph.nodes.csv", Box::new(|w: &mut dyn Write| propgraph::write_neo4j_nodes(&view, w))));
                            v.push(("graph.relationships.csv", Box::new(|w: &mut dyn Write| propgraph::write_neo4j_relationships(&view, w))));
                        }
                        v
                    }
                    _ => vec![],
                };
                for (name, write) in files {
                    let path = self.dir.join(name);
                    let mut out = temp_in(&self.dir)?;
                    write(&mut out)?;
                    persist(out, &path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                    written.push((f, path));
                }
            }
        }
        written.extend(persisting.join().map_err(|_| io::Error::other("writing the RDF files panicked"))??);
        // report in the order the formats were asked for
        written.sort_by_key(|(f, _)| self.formats.iter().position(|x| x == f).unwrap_or(usize::MAX));
        Ok(written.into_iter().map(|(_, p)| p).collect())
    }
}
