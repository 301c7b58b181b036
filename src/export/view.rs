//! The entity view of the graph, read back from its RDF statements: the
//! nodes and edges that GraphML (and other property-graph exports) show.
//! Because it is computed from the per-article named graphs, the view of a
//! store grown article by article is the view of one build of them all.

use crate::model::stmts::ObjRef;
use crate::model::vocab::{self, RDF, RDFS, SKOS, ZKG};
use oxigraph::model::{Quad, Term};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// A figure reported for an entity.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub struct Figure {
    pub indicator: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub growth: Option<f64>,
    pub period: Option<String>,
    /// the year the period names, when it names one
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Default)]
pub struct ViewNode {
    /// an XML name token derived from the IRI alone (stable across runs and stores)
    pub id: String,
    pub iri: String,
    pub label: String,
    /// local names of its zkg classes, most specific first
    pub classes: Vec<String>,
    pub aliases: BTreeSet<String>,
    pub mentions: usize,
    pub articles: BTreeSet<String>,
    pub figures: Vec<Figure>,
    /// titles of the posts it holds that name no body (the entities view's
    /// posts with a body are edges to it)
    pub posts: BTreeSet<String>,
    /// years of its figures and of the articles that mention it
    pub years: BTreeSet<i32>,
}

/// The node id of an IRI: `n` + 16 hex digits of its SHA-256.
pub fn node_id(iri: &str) -> String {
    format!("n{}", crate::model::ids::short_hash(iri))
}

impl ViewNode {
    /// The class to show: the most specific one.
    pub fn class(&self) -> &str {
        self.classes.first().map(String::as_str).unwrap_or("Entity")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ViewEdge {
    pub source: String,
    pub target: String,
    /// the relation in Chinese and as its local name (`隶属 (partOf)`), or a post's title
    pub label: String,
    /// the relation's IRI (zkg:Position for posts)
    pub relation: String,
    /// supporting mentions
    pub weight: usize,
    pub articles: BTreeSet<String>,
    /// years of the articles that support it
    pub years: BTreeSet<i32>,
}

#[derive(Debug, Clone, Default)]
pub struct GraphView {
    /// sorted by IRI
    pub nodes: Vec<ViewNode>,
    /// sorted
    pub edges: Vec<ViewEdge>,
    /// article IRI → identifier
    pub article_ids: BTreeMap<String, String>,
}

/// How much of the graph a property-graph export shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewMode {
    /// entities only: posts become person → body edges, figures become attributes
    #[default]
    Entities,
    /// also the n-ary position and observation nodes
    Full,
}

/// The entity classes a node of the view has one of (not posts, figures or provenance).
fn is_entity_class(c: &str) -> bool {
    vocab::class_of(c).is_some_and(|c| c.entity && c.core == c.local)
}

/// The classes more specific than a core class (shown first).
fn is_specific(c: &str) -> bool {
    vocab::class_of(c).is_some_and(|c| c.parent.is_some())
}

/// The relations drawn as edges between entities, by index.
fn rels() -> &'static [vocab::Relation] {
    &vocab::RELATIONS[..vocab::Rel::ALL.len()]
}

/// The zkg class names the view knows, as static strings.
fn intern_class(c: &str) -> Option<&'static str> {
    ALL_CLASSES.iter().find(|x| **x == c).copied()
}

fn iri_of<'a>(t: &ObjRef<'a>) -> Option<&'a str> {
    match t {
        ObjRef::Iri(n) => Some(n),
        _ => None,
    }
}

fn lit<'a>(t: &ObjRef<'a>) -> Option<&'a str> {
    match t {
        ObjRef::Lit(l) => Some(l),
        _ => None,
    }
}

/// The year a period names: `2020`, `2020年上半年` → 2020.
pub fn year_of(period: &str) -> Option<i32> {
    let d: String = period.chars().take_while(|c| c.is_ascii_digit()).collect();
    if d.len() == 4 {
        d.parse().ok()
    } else {
        None
    }
}

impl GraphView {
    /// Builds the view from the statements of the article graphs.
    pub fn from_quads(per_article: &[Vec<Quad>]) -> GraphView {
        Self::from_quads_mode(per_article, ViewMode::Entities)
    }

    /// Builds the view in the given mode.
    pub fn from_quads_mode(per_article: &[Vec<Quad>], mode: ViewMode) -> GraphView {
        let mut b = ViewBuilder::new(mode == ViewMode::Full);
        for q in per_article {
            b.add_article(q);
        }
        b.finish(mode)
    }
}

/// What one article adds to the view, read from its statements alone (so
/// workers can read articles in parallel; [`ViewBuilder::merge`] adds it).
#[derive(Debug, Default, Clone)]
pub struct ViewDelta {
    art_iri: Option<String>,
    art_id: String,
    year: Option<i32>,
    /// entity nodes and their zkg classes
    classes: Vec<(String, Vec<&'static str>)>,
    labels: Vec<(String, String)>,
    aliases: Vec<(String, String)>,
    /// one per mention: what it refers to, and whether that is a figure
    mentions: Vec<(String, bool)>,
    /// (observation, subject, figure)
    observations: Vec<(String, String, Figure)>,
    /// (position, holder, body, title)
    positions: Vec<(String, String, Option<String>, String)>,
    /// relation statements (subject, relation index, object)
    rels: Vec<(String, u8, String)>,
    /// reified relation statements (one per supporting span)
    support: Vec<(String, u8, String)>,
}

impl ViewDelta {
    /// Reads one article graph.
    pub fn of_graph(g: &crate::model::stmts::ArticleGraph) -> ViewDelta {
        Self::of_triples(g.triples())
    }

    /// Reads the statements of one article graph given as quads.
    pub fn of_quads(quads: &[Quad]) -> ViewDelta {
        Self::of_triples(quads.iter().filter_map(|q| {
            let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject else { return None };
            let o = match &q.object {
                Term::NamedNode(n) => ObjRef::Iri(n.as_str()),
                Term::Literal(l) => ObjRef::Lit(l.value()),
                _ => return None,
            };
            Some((s.as_str(), q.predicate.as_str(), o))
        }))
    }

    fn of_triples<'a>(triples: impl Iterator<Item = (&'a str, &'a str, ObjRef<'a>)>) -> ViewDelta {
        let mut d = ViewDelta::default();
        let ty = format!("{RDF}type");
        let label = format!("{RDFS}label");
        let alt = format!("{SKOS}altLabel");
        let mut props: HashMap<&str, HashMap<&str, ObjRef<'a>>> = HashMap::default();
        let mut local_classes: HashMap<&str, BTreeSet<&str>> = HashMap::default();
        let mut statements: HashMap<&str, HashMap<&str, ObjRef<'a>>> = HashMap::default();
        let mut art_id = None;
        // keep the order subjects appear in, so the delta does not depend on hashing
        let mut order: Vec<&str> = Vec::new();
        for (s, p, object) in triples {
            if p == ty {
                if let Some(c) = iri_of(&object).and_then(|c| c.strip_prefix(ZKG)) {
                    local_classes.entry(s).or_default().insert(c);
                    if c == "Article" {
                        d.art_iri = Some(s.to_string());
                    }
                }
            } else if p == label {
                if let Some(l) = lit(&object) {
                    d.labels.push((s.to_string(), l.to_string()));
                }
            } else if p == alt {
                if let Some(l) = lit(&object) {
                    d.aliases.push((s.to_string(), l.to_string()));
                }
            } else if p == "http://purl.org/dc/terms/identifier" {
                art_id = lit(&object);
            } else if let Some(local) = p.strip_prefix(ZKG) {
                if local == "dateline" {
                    d.year = lit(&object).and_then(year_of);
                } else if let Some(r) = rel_index(local) {
                    if let Some(o) = iri_of(&object) {
                        d.rels.push((s.to_string(), r, o.to_string()));
                    }
                } else if local != "text" && local != "mentions" {
                    let e = props.entry(s).or_default();
                    if e.is_empty() {
                        order.push(s);
                    }
                    e.insert(local, object);
                }
            } else if let Some(local) = p.strip_prefix(RDF) {
                statements.entry(s).or_default().insert(local, object);
            }
        }
        d.art_id = art_id.map(str::to_string).or(d.art_iri.clone()).unwrap_or_default();
        let mut entity_subjects: Vec<(&&str, &BTreeSet<&str>)> = local_classes.iter().filter(|(_, cs)| cs.iter().any(|c| is_entity_class(c))).collect();
        entity_subjects.sort();
        for (s, cs) in entity_subjects {
            d.classes.push((s.to_string(), cs.iter().filter_map(|c| intern_class(c)).collect()));
        }
        for s in order {
            let pr = &props[s];
            let cs = local_classes.get(s);
            let has = |c: &str| cs.map(|x| x.contains(c)).unwrap_or(false);
            let text = |k: &str| pr.get(k).and_then(lit).map(str::to_string);
            // a mention is what has zkg:refersTo (its class is not written: the property's domain gives it)
            if let Some(x) = pr.get("refersTo").and_then(iri_of) {
                let is_obs = local_classes.get(x).map(|c| c.contains("Observation")).unwrap_or(false);
                d.mentions.push((x.to_string(), is_obs));
            } else if has("Observation") {
                let Some(subject) = pr.get("observedFor").and_then(iri_of) else { continue };
                let num = |k: &str| pr.get(k).and_then(lit).and_then(|v| v.parse::<f64>().ok());
                let period = text("period");
                let f =
                    Figure { indicator: text("indicator").unwrap_or_default(), value: num("value"), unit: text("unit"), growth: num("growthRate"), year: period.as_deref().and_then(year_of), period };
                d.observations.push((s.to_string(), subject.to_string(), f));
            } else if has("Position") {
                let (Some(h), Some(t)) = (pr.get("holder").and_then(iri_of), text("title")) else { continue };
                let o = pr.get("organization").and_then(iri_of).map(str::to_string);
                d.positions.push((s.to_string(), h.to_string(), o, t));
            } else if let Some(rs) = statements.get(s) {
                let (Some(x), Some(p), Some(y)) = (rs.get("subject").and_then(iri_of), rs.get("predicate").and_then(iri_of), rs.get("object").and_then(iri_of)) else { continue };
                let Some(r) = p.strip_prefix(ZKG).and_then(rel_index) else { continue };
                d.support.push((x.to_string(), r, y.to_string()));
            }
        }
        d
    }
}

fn rel_index(local: &str) -> Option<u8> {
    rels().iter().position(|r| r.local == local).map(|i| i as u8)
}

/// What the view keeps of a node (entity, post or figure), by interned id.
#[derive(Debug, Default, Clone)]
struct Acc {
    /// bits over [`ALL_CLASSES`]
    classes: u32,
    label: Option<Box<str>>,
    aliases: Vec<Box<str>>,
    mentions: usize,
    /// article indices, increasing
    articles: Vec<u32>,
    years: Vec<i32>,
    figures: Vec<Figure>,
}

/// The classes the view keeps (bits of [`Acc::classes`]): entity classes,
/// their subclasses, posts and figures.
static ALL_CLASSES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| vocab::CLASSES.iter().filter(|c| c.entity || c.colour.is_some()).map(|c| c.local).collect());

/// A relation's support: statements, article indices, years.
type Support = (usize, Vec<u32>, Vec<i32>);

/// Builds a view article by article, keeping only what the view needs
/// (entities, posts, figures, relation support) with every IRI held once,
/// so a corpus streams through.
#[derive(Debug, Default, Clone)]
pub struct ViewBuilder {
    ids: HashMap<Box<str>, u32>,
    iris: Vec<Box<str>>,
    acc: Vec<Acc>,
    article_names: Vec<String>,
    /// keep position and observation nodes (for the full view)
    keep_nary: bool,
    /// observation → (subject, figure), when `keep_nary`
    observations: HashMap<u32, (u32, Figure)>,
    /// else: each observation's figure goes to its subject once (observations
    /// by a 128-bit hash of the IRI: there are millions, and they are not nodes)
    seen_observations: rustc_hash::FxHashSet<(u64, u64)>,
    /// position → (holder, body, title)
    positions: HashMap<u32, (u32, Option<u32>, String)>,
    rel_triples: rustc_hash::FxHashSet<(u32, u8, u32)>,
    /// (s, relation, o) → (statements, article indices, years)
    support: HashMap<(u32, u8, u32), Support>,
    article_ids: BTreeMap<String, String>,
}

fn add_sorted<T: Ord + Copy>(v: &mut Vec<T>, x: T) {
    if let Err(i) = v.binary_search(&x) {
        v.insert(i, x);
    }
}

impl ViewBuilder {
    /// A builder; `keep_nary` keeps what the full view needs (position and
    /// observation nodes with their mentions), at a cost in memory.
    pub fn new(keep_nary: bool) -> Self {
        ViewBuilder { keep_nary, ..Default::default() }
    }

    fn id(&mut self, iri: &str) -> u32 {
        if let Some(&i) = self.ids.get(iri) {
            return i;
        }
        let i = self.iris.len() as u32;
        self.iris.push(iri.into());
        self.ids.insert(iri.into(), i);
        self.acc.push(Acc::default());
        i
    }

    /// Takes in the statements of one article graph.
    pub fn add_article(&mut self, quads: &[Quad]) {
        self.merge(ViewDelta::of_quads(quads));
    }

    /// Takes in one compact article graph.
    pub fn add_graph(&mut self, g: &crate::model::stmts::ArticleGraph) {
        self.merge(ViewDelta::of_graph(g));
    }

    /// Takes in what one article adds (articles in order).
    pub fn merge(&mut self, d: ViewDelta) {
        let art_ix = self.article_names.len() as u32;
        self.article_names.push(d.art_id.clone());
        if let Some(a) = d.art_iri {
            self.article_ids.insert(a, d.art_id);
        }
        let year = d.year;
        for (s, cs) in d.classes {
            let i = self.id(&s) as usize;
            for c in cs {
                if let Some(b) = ALL_CLASSES.iter().position(|x| *x == c) {
                    self.acc[i].classes |= 1 << b;
                }
            }
        }
        for (s, l) in d.labels {
            let i = self.id(&s) as usize;
            self.acc[i].label = Some(l.into());
        }
        for (s, l) in d.aliases {
            let i = self.id(&s) as usize;
            let a = &mut self.acc[i].aliases;
            if !a.iter().any(|x| **x == *l) {
                a.push(l.into());
            }
        }
        for (x, is_obs) in d.mentions {
            if is_obs && !self.keep_nary {
                continue; // the entities view does not count a figure's mentions
            }
            let i = self.id(&x) as usize;
            let a = &mut self.acc[i];
            a.mentions += 1;
            // figures need only their count; entities and posts also their articles and years
            if !is_obs {
                if a.articles.last() != Some(&art_ix) {
                    a.articles.push(art_ix);
                }
                if let Some(y) = year {
                    add_sorted(&mut a.years, y);
                }
            }
        }
        for (o, subject, f) in d.observations {
            let subject = self.id(&subject);
            if self.keep_nary {
                let o = self.id(&o);
                self.observations.insert(o, (subject, f));
            } else if self.seen_observations.insert(crate::model::stmts::hash128(o.as_str())) {
                self.acc[subject as usize].figures.push(f);
            }
        }
        for (p, h, o, t) in d.positions {
            let (p, h) = (self.id(&p), self.id(&h));
            let o = o.map(|o| self.id(&o));
            self.positions.insert(p, (h, o, t));
        }
        for (s, r, o) in d.rels {
            let k = (self.id(&s), r, self.id(&o));
            self.rel_triples.insert(k);
        }
        for (s, r, o) in d.support {
            let k = (self.id(&s), r, self.id(&o));
            let e = self.support.entry(k).or_default();
            e.0 += 1;
            if e.1.last() != Some(&art_ix) {
                e.1.push(art_ix);
            }
            if let Some(y) = year {
                add_sorted(&mut e.2, y);
            }
        }
    }

    /// The view of everything taken in.
    pub fn finish(mut self, mode: ViewMode) -> GraphView {
        let mut acc = std::mem::take(&mut self.acc);
        let is_node: Vec<bool> = acc.iter().map(|a| class_set(a).iter().any(|c| is_entity_class(c))).collect();
        let mut nodes = self.entity_nodes(&mut acc, &is_node);
        let mut edges = self.relation_edges(&is_node);
        let mut body_less = Vec::new();
        if mode == ViewMode::Full {
            self.posts_and_figures(&acc, &mut nodes, &mut edges);
        } else {
            // posts: person → body, labelled with the title; a post with no body is the person's attribute
            for (&p, (h, o, t)) in &self.positions {
                let Some(o) = o else {
                    if is_node[*h as usize] {
                        body_less.push((self.iri(*h), t.clone()));
                    }
                    continue;
                };
                if !is_node[*h as usize] || !is_node[*o as usize] {
                    continue;
                }
                let a = &acc[p as usize];
                edges.push(ViewEdge {
                    source: self.iri(*h),
                    target: self.iri(*o),
                    label: t.clone(),
                    relation: format!("{ZKG}Position"),
                    weight: a.mentions.max(1),
                    articles: self.names(&a.articles),
                    years: years(a),
                });
            }
        }
        use rayon::prelude::*;
        nodes.par_sort_unstable_by(|a, b| a.iri.cmp(&b.iri));
        // an IRI is one node (the full view's posts and figures are not entities)
        nodes.dedup_by(|b, a| a.iri == b.iri);
        for (holder, title) in body_less {
            if let Ok(i) = nodes.binary_search_by(|n| n.iri.as_str().cmp(&holder)) {
                nodes[i].posts.insert(title);
            }
        }
        if mode == ViewMode::Full {
            // the entities view's edges join entities only already
            let known: rustc_hash::FxHashSet<&str> = nodes.iter().map(|n| n.iri.as_str()).collect();
            edges.retain(|e| known.contains(e.source.as_str()) && known.contains(e.target.as_str()));
        }
        edges.par_sort_unstable();
        edges.dedup();
        GraphView { nodes, edges, article_ids: self.article_ids }
    }

    fn names(&self, ix: &[u32]) -> BTreeSet<String> {
        ix.iter().filter_map(|i| self.article_names.get(*i as usize).cloned()).collect()
    }

    fn iri(&self, i: u32) -> String {
        self.iris[i as usize].to_string()
    }

    /// The entity nodes with their figures (made in parallel, in the caller's rayon pool).
    fn entity_nodes(&self, acc: &mut [Acc], is_node: &[bool]) -> Vec<ViewNode> {
        use rayon::prelude::*;
        let mut made: Vec<(u32, ViewNode)> = acc
            .par_iter_mut()
            .enumerate()
            .filter(|(i, _)| is_node[*i])
            .map(|(i, a)| {
                let cs = class_set(a);
                let mut ordered: Vec<String> = cs.iter().filter(|c| is_specific(c)).map(|c| c.to_string()).collect();
                ordered.extend(cs.iter().filter(|c| is_entity_class(c) && !is_specific(c)).map(|c| c.to_string()));
                let s = self.iri(i as u32);
                let l = a.label.as_deref().map(str::to_string).unwrap_or_else(|| s.clone());
                let mut n = ViewNode {
                    id: node_id(&s),
                    iri: s,
                    aliases: a.aliases.iter().filter(|x| ***x != *l).map(|x| x.to_string()).collect(),
                    label: l,
                    classes: ordered,
                    mentions: a.mentions,
                    articles: self.names(&a.articles),
                    figures: Vec::new(),
                    posts: BTreeSet::new(),
                    years: a.years.iter().copied().collect(),
                };
                for f in std::mem::take(&mut a.figures) {
                    if let Some(y) = f.year {
                        n.years.insert(y);
                    }
                    n.figures.push(f);
                }
                (i as u32, n)
            })
            .collect();
        if !self.observations.is_empty() {
            let mut at = vec![usize::MAX; self.iris.len()];
            for (k, (i, _)) in made.iter().enumerate() {
                at[*i as usize] = k;
            }
            for (subject, f) in self.observations.values() {
                if let Some((_, n)) = made.get_mut(at[*subject as usize]) {
                    if let Some(y) = f.year {
                        n.years.insert(y);
                    }
                    n.figures.push(f.clone());
                }
            }
        }
        made.par_iter_mut().for_each(|(_, n)| n.figures.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)));
        made.into_iter().map(|(_, n)| n).collect()
    }

    /// The relations between entities, weighted by their supporting spans.
    fn relation_edges(&self, is_node: &[bool]) -> Vec<ViewEdge> {
        let mut edges = Vec::new();
        for &(x, r, y) in &self.rel_triples {
            if !is_node[x as usize] || !is_node[y as usize] {
                continue;
            }
            let (rl, zh) = (rels()[r as usize].local, rels()[r as usize].zh);
            let (w, arts, years) = self.support.get(&(x, r, y)).cloned().unwrap_or_default();
            edges.push(ViewEdge {
                source: self.iri(x),
                target: self.iri(y),
                label: format!("{zh} ({rl})"),
                relation: format!("{ZKG}{rl}"),
                weight: w.max(1),
                articles: self.names(&arts),
                years: years.into_iter().collect(),
            });
        }
        edges
    }

    /// The full view's post and figure nodes, and their edges.
    fn posts_and_figures(&self, acc: &[Acc], nodes: &mut Vec<ViewNode>, edges: &mut Vec<ViewEdge>) {
        let edge = |source: &str, target: u32, local: &str, a: &Acc, years: BTreeSet<i32>| {
            let zh = vocab::relation_of(local).map_or("", |r| r.zh);
            ViewEdge {
                source: source.to_string(),
                target: self.iri(target),
                label: format!("{zh} ({local})"),
                relation: format!("{ZKG}{local}"),
                weight: a.mentions.max(1),
                articles: self.names(&a.articles),
                years,
            }
        };
        let node = |iri: String, label: String, class: &str, a: &Acc, years: BTreeSet<i32>| ViewNode {
            id: node_id(&iri),
            iri,
            label,
            classes: vec![class.into()],
            mentions: a.mentions,
            articles: self.names(&a.articles),
            years,
            ..Default::default()
        };
        for (&p, (h, o, t)) in &self.positions {
            let (ps, a) = (self.iri(p), &acc[p as usize]);
            nodes.push(node(ps.clone(), t.clone(), "Position", a, years(a)));
            edges.push(edge(&ps, *h, "holder", a, years(a)));
            if let Some(o) = o {
                edges.push(edge(&ps, *o, "organization", a, years(a)));
            }
        }
        for (&o, (subject, f)) in &self.observations {
            let (os, a) = (self.iri(o), &acc[o as usize]);
            let mut ys = years(a);
            if let Some(y) = f.year {
                ys.insert(y);
            }
            let value = f.value.map(|v| format!("{v}")).unwrap_or_default();
            let label = format!("{} {}{}", f.indicator, value, f.unit.clone().unwrap_or_default()).trim().to_string();
            nodes.push(node(os.clone(), label, "Observation", a, ys.clone()));
            edges.push(edge(&os, *subject, "observedFor", a, ys));
        }
    }
}

/// The classes a node was given.
fn class_set(a: &Acc) -> BTreeSet<&'static str> {
    ALL_CLASSES.iter().enumerate().filter(|(b, _)| a.classes & (1 << b) != 0).map(|(_, c)| *c).collect()
}

fn years(a: &Acc) -> BTreeSet<i32> {
    a.years.iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_periods() {
        assert_eq!(year_of("2020"), Some(2020));
        assert_eq!(year_of("2021年上半年"), Some(2021));
        assert_eq!(year_of("今年前三季度"), None);
    }
}
