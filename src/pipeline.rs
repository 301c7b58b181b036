//! Streaming exports: article graphs go in one by one, in article-id order,
//! and every output file is written as they arrive (to a temporary file,
//! renamed into place at the end), so a corpus never sits in memory as
//! statements or as serialized text. Dataset formats (N-Quads, TriG) keep one
//! named graph per article; the others get the union graph, each statement
//! once (statements about a shared entity are remembered by a 128-bit hash;
//! an article's own mention and statement nodes need no memory at all).

use crate::export::{Format, PREFIXES};
use crate::propgraph;
use crate::view::{ViewBuilder, ViewMode};
use oxigraph::io::{RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad};
use std::hash::{Hash, Hasher};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

type Out = BufWriter<NamedTempFile>;

enum RdfOut {
    Dataset(Format, WriterQuadSerializer<Out>),
    Union(Format, WriterQuadSerializer<Out>),
}

/// Writes the chosen formats of a stream of article graphs.
pub struct Exporter {
    dir: PathBuf,
    formats: Vec<Format>,
    mode: ViewMode,
    rdf: Vec<RdfOut>,
    seen: rustc_hash::FxHashSet<(u64, u64)>,
    view: Option<ViewBuilder>,
    /// statements taken in (sum over articles)
    pub quads: usize,
    /// statements written to the union formats (distinct)
    pub triples: usize,
    pub articles: usize,
}

fn temp_in(dir: &Path) -> io::Result<Out> {
    Ok(BufWriter::with_capacity(1 << 20, tempfile::Builder::new().prefix(".zonekg-").suffix(".tmp").tempfile_in(dir)?))
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

fn serializer(format: Format, out: Out) -> io::Result<WriterQuadSerializer<Out>> {
    let rdf = format.rdf_format().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not an RDF format"))?;
    let mut ser = RdfSerializer::from_format(rdf);
    if !matches!(format, Format::NTriples | Format::NQuads | Format::JsonLd) {
        for (p, iri) in PREFIXES {
            ser = ser.with_prefix(*p, *iri).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        }
    }
    Ok(ser.for_writer(out))
}

fn hash2(q: &Quad) -> (u64, u64) {
    // two independent 64-bit hashes: a collision would need both to collide
    let mut a = rustc_hash::FxHasher::default();
    (&q.subject, &q.predicate, &q.object).hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    (&q.object, &q.predicate, &q.subject).hash(&mut b);
    (a.finish(), b.finish())
}

impl Exporter {
    pub fn new(dir: &Path, formats: &[Format], mode: ViewMode) -> io::Result<Exporter> {
        std::fs::create_dir_all(dir)?;
        let mut rdf = Vec::new();
        for &f in formats {
            if f.rdf_format().is_none() {
                continue;
            }
            let out = temp_in(dir)?;
            let s = serializer(f, out)?;
            rdf.push(if f.is_dataset() { RdfOut::Dataset(f, s) } else { RdfOut::Union(f, s) });
        }
        let needs_view = formats.iter().any(|f| f.rdf_format().is_none());
        Ok(Exporter {
            dir: dir.to_path_buf(),
            formats: formats.to_vec(),
            mode,
            rdf,
            seen: rustc_hash::FxHashSet::default(),
            view: needs_view.then(ViewBuilder::default),
            quads: 0,
            triples: 0,
            articles: 0,
        })
    }

    /// Takes in the statements of one article graph (articles in id order).
    pub fn add_article(&mut self, quads: &[Quad]) -> io::Result<()> {
        self.articles += 1;
        self.quads += quads.len();
        let mut new_union = Vec::with_capacity(quads.len());
        let any_union = self.rdf.iter().any(|r| matches!(r, RdfOut::Union(..)));
        if any_union {
            for q in quads {
                let owned = match (&q.subject, &q.graph_name) {
                    (NamedOrBlankNode::NamedNode(s), GraphName::NamedNode(g)) => s.as_str().starts_with(g.as_str()) && s.as_str().len() > g.as_str().len() || s == g,
                    _ => false,
                };
                if owned || self.seen.insert(hash2(q)) {
                    new_union.push(Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), GraphName::DefaultGraph));
                }
            }
            self.triples += new_union.len();
        }
        for r in &mut self.rdf {
            match r {
                RdfOut::Dataset(_, s) => {
                    for q in quads {
                        s.serialize_quad(q)?;
                    }
                }
                RdfOut::Union(_, s) => {
                    for q in &new_union {
                        s.serialize_quad(q)?;
                    }
                }
            }
        }
        if let Some(v) = &mut self.view {
            v.add_article(quads);
        }
        Ok(())
    }

    /// Finishes every file and renames it into place; returns the paths.
    pub fn finish(self) -> io::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for r in self.rdf {
            let (f, s) = match r {
                RdfOut::Dataset(f, s) | RdfOut::Union(f, s) => (f, s),
            };
            let path = self.dir.join(format!("graph.{}", f.ext()));
            let out = s.finish()?;
            persist(out, &path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            written.push((f, path));
        }
        if let Some(vb) = self.view {
            let graphml_full = self.mode == ViewMode::Full && self.formats.contains(&Format::GraphMl);
            let full = graphml_full.then(|| vb.clone().finish(ViewMode::Full));
            let view = vb.finish(ViewMode::Entities);
            for &f in &self.formats {
                let files: Vec<(&str, Box<dyn Fn(&mut dyn Write) -> io::Result<()> + '_>)> = match f {
                    Format::GraphMl => vec![("graph.graphml", Box::new(|w: &mut dyn Write| propgraph::write_graphml(full.as_ref().unwrap_or(&view), w)))],
                    Format::Gexf => vec![("graph.gexf", Box::new(|w: &mut dyn Write| propgraph::write_gexf(&view, w)))],
                    Format::Neo4jCsv => vec![
                        ("graph.nodes.csv", Box::new(|w: &mut dyn Write| propgraph::write_neo4j_nodes(&view, w))),
                        ("graph.relationships.csv", Box::new(|w: &mut dyn Write| propgraph::write_neo4j_relationships(&view, w))),
                    ],
                    Format::Cypher => vec![("graph.cypher", Box::new(|w: &mut dyn Write| propgraph::write_cypher(&view, w)))],
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
        // report in the order the formats were asked for
        written.sort_by_key(|(f, _)| self.formats.iter().position(|x| x == f).unwrap_or(usize::MAX));
        Ok(written.into_iter().map(|(_, p)| p).collect())
    }
}

/// Peak resident memory of this process in bytes (Linux), if known.
pub fn peak_memory() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
