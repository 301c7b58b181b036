//! The entity view of the graph, read back from its RDF statements: the
//! nodes and edges that GraphML (and other property-graph exports) show.
//! Because it is computed from the per-article named graphs, the view of a
//! store grown article by article is the view of one build of them all.

use crate::export::{RDF, RDFS, SKOS, ZKG};
use crate::stmts::ObjRef;
use oxigraph::model::{Quad, Term};

struct Q<'a> {
    object: ObjRef<'a>,
}
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
    /// years of its figures and of the articles that mention it
    pub years: BTreeSet<i32>,
}

/// The node id of an IRI: `n` + 16 hex digits of its SHA-256.
pub fn node_id(iri: &str) -> String {
    format!("n{}", crate::resolve::short_hash(iri))
}

impl ViewNode {
    /// The class to show: the most specific one.
    pub fn class(&self) -> &str {
        self.classes.first().map(String::as_str).unwrap_or("Entity")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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

const ENTITY_CLASSES: &[&str] = &["Zone", "Park", "Person", "Organization", "Company", "Project", "Policy", "Program", "Event", "Place"];
const SPECIFIC: &[&str] = &[
    "HighTechZone", "EconomicDevelopmentZone", "FreeTradeZone", "NewArea", "Company", "GovernmentBody", "PublicInstitution", "SocialOrganization",
];
const RELS: &[(&str, &str)] = &[("partOf", "隶属"), ("locatedIn", "位于"), ("investor", "投资方"), ("issuedBy", "发布方"), ("organizedBy", "主办方")];

/// The zkg class names the view knows, as static strings.
fn intern_class(c: &str) -> Option<&'static str> {
    ENTITY_CLASSES.iter().chain(SPECIFIC.iter()).chain(["Position", "Observation"].iter()).find(|x| **x == c).copied()
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

/// Builds a view article by article, keeping only what the view needs
/// (entities, posts, figures, relation support), so a corpus streams through.
#[derive(Debug, Default, Clone)]
pub struct ViewBuilder {
    classes: HashMap<String, BTreeSet<&'static str>>,
    labels: HashMap<String, String>,
    aliases: HashMap<String, BTreeSet<String>>,
    mention_count: HashMap<String, usize>,
    /// article indices (into `article_names`) and years per mentioned entity or post
    mention_articles: HashMap<String, BTreeSet<u32>>,
    mention_years: HashMap<String, BTreeSet<i32>>,
    article_names: Vec<String>,
    /// keep position and observation nodes (for the full view)
    keep_nary: bool,
    /// observation IRI → (subject, figure), when `keep_nary`
    observations: BTreeMap<String, (String, Figure)>,
    /// else: figures by subject, each observation once (by a hash of its IRI)
    figures: HashMap<String, Vec<Figure>>,
    seen_observations: rustc_hash::FxHashSet<u64>,
    /// position IRI → (holder, body, title)
    positions: BTreeMap<String, (String, Option<String>, String)>,
    rel_triples: BTreeSet<(String, String, String)>,
    /// (s, relation, o) → (statements, article indices, years)
    support: HashMap<(String, String, String), (usize, BTreeSet<u32>, BTreeSet<i32>)>,
    article_ids: BTreeMap<String, String>,
}

impl ViewBuilder {
    /// A builder; `keep_nary` keeps what the full view needs (position and
    /// observation nodes with their mentions), at a cost in memory.
    pub fn new(keep_nary: bool) -> Self {
        ViewBuilder { keep_nary, ..Default::default() }
    }

    /// Takes in the statements of one article graph.
    pub fn add_article(&mut self, quads: &[Quad]) {
        self.add_triples(quads.iter().filter_map(|q| {
            let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject else { return None };
            let o = match &q.object {
                Term::NamedNode(n) => ObjRef::Iri(n.as_str()),
                Term::Literal(l) => ObjRef::Lit(l.value()),
                _ => return None,
            };
            Some((s.as_str(), q.predicate.as_str(), o))
        }));
    }

    /// Takes in one compact article graph.
    pub fn add_graph(&mut self, g: &crate::stmts::ArticleGraph) {
        self.add_triples(g.triples());
    }

    fn add_triples<'a>(&mut self, triples: impl Iterator<Item = (&'a str, &'a str, ObjRef<'a>)>) {
        let ty = format!("{RDF}type");
        let label = format!("{RDFS}label");
        let alt = format!("{SKOS}altLabel");
        let mut props: HashMap<&str, HashMap<&str, ObjRef<'a>>> = HashMap::default();
        let mut local_classes: HashMap<&str, BTreeSet<&str>> = HashMap::default();
        let mut statements: HashMap<&str, HashMap<&str, ObjRef<'a>>> = HashMap::default();
        let (mut art_iri, mut art_id, mut year) = (None, None, None);
        for (s, p, object) in triples {
            let q = Q { object };
            if p == ty {
                if let Some(c) = iri_of(&q.object).and_then(|c| c.strip_prefix(ZKG)) {
                    local_classes.entry(s).or_default().insert(c);
                    if c == "Article" {
                        art_iri = Some(s);
                    }
                }
            } else if p == label {
                if let Some(l) = lit(&q.object) {
                    self.labels.insert(s.to_string(), l.to_string());
                }
            } else if p == alt {
                if let Some(l) = lit(&q.object) {
                    self.aliases.entry(s.to_string()).or_default().insert(l.to_string());
                }
            } else if p == "http://purl.org/dc/terms/identifier" {
                art_id = lit(&q.object);
            } else if let Some(local) = p.strip_prefix(ZKG) {
                if local == "dateline" {
                    year = lit(&q.object).and_then(year_of);
                } else if RELS.iter().any(|(r, _)| *r == local) {
                    if let Some(o) = iri_of(&q.object) {
                        self.rel_triples.insert((s.to_string(), local.to_string(), o.to_string()));
                    }
                } else if local != "text" && local != "mentions" {
                    props.entry(s).or_default().insert(local, q.object);
                }
            } else if let Some(local) = p.strip_prefix(RDF) {
                statements.entry(s).or_default().insert(local, q.object);
            }
        }
        let art_id = art_id.map(str::to_string).or(art_iri.map(str::to_string)).unwrap_or_default();
        let art_ix = self.article_names.len() as u32;
        self.article_names.push(art_id.clone());
        if let Some(a) = art_iri {
            self.article_ids.insert(a.to_string(), art_id.clone());
        }
        for (s, cs) in &local_classes {
            if !cs.iter().any(|c| ENTITY_CLASSES.contains(c)) {
                continue; // posts and figures live in their own maps; mentions and articles are counted
            }
            let e = self.classes.entry(s.to_string()).or_default();
            e.extend(cs.iter().filter_map(|c| intern_class(c)));
        }
        for (s, pr) in &props {
            let cs = local_classes.get(s);
            let has = |c: &str| cs.map(|x| x.contains(c)).unwrap_or(false);
            let text = |k: &str| pr.get(k).and_then(|t| lit(t)).map(str::to_string);
            if has("Mention") {
                if let Some(x) = pr.get("refersTo").and_then(|t| iri_of(t)) {
                    let is_obs = local_classes.get(x).map(|c| c.contains("Observation")).unwrap_or(false);
                    if is_obs && !self.keep_nary {
                        continue; // the entities view does not count a figure's mentions
                    }
                    *self.mention_count.entry(x.to_string()).or_default() += 1;
                    // figures need only their count; entities and posts also their articles and years
                    if !local_classes.get(x).map(|c| c.contains("Observation")).unwrap_or(false) {
                        self.mention_articles.entry(x.to_string()).or_default().insert(art_ix);
                        if let Some(y) = year {
                            self.mention_years.entry(x.to_string()).or_default().insert(y);
                        }
                    }
                }
            } else if has("Observation") {
                let Some(subject) = pr.get("observedFor").and_then(|t| iri_of(t)) else { continue };
                let num = |k: &str| pr.get(k).and_then(|t| lit(t)).and_then(|v| v.parse::<f64>().ok());
                let period = text("period");
                let f = Figure { indicator: text("indicator").unwrap_or_default(), value: num("value"), unit: text("unit"), growth: num("growthRate"), year: period.as_deref().and_then(year_of), period };
                if self.keep_nary {
                    self.observations.insert(s.to_string(), (subject.to_string(), f));
                } else {
                    let mut h = rustc_hash::FxHasher::default();
                    std::hash::Hash::hash(s, &mut h);
                    if self.seen_observations.insert(std::hash::Hasher::finish(&h)) {
                        self.figures.entry(subject.to_string()).or_default().push(f);
                    }
                }
            } else if has("Position") {
                let (Some(h), Some(t)) = (pr.get("holder").and_then(|t| iri_of(t)), text("title")) else { continue };
                let o = pr.get("organization").and_then(|t| iri_of(t)).map(str::to_string);
                self.positions.insert(s.to_string(), (h.to_string(), o, t));
            } else if let Some(rs) = statements.get(s) {
                let (Some(x), Some(p), Some(y)) = (rs.get("subject").and_then(|t| iri_of(t)), rs.get("predicate").and_then(|t| iri_of(t)), rs.get("object").and_then(|t| iri_of(t))) else { continue };
                let Some(local) = p.strip_prefix(ZKG) else { continue };
                let e = self.support.entry((x.to_string(), local.to_string(), y.to_string())).or_default();
                e.0 += 1;
                e.1.insert(art_ix);
                if let Some(y) = year {
                    e.2.insert(y);
                }
            }
        }
    }

    /// The view of everything taken in.
    pub fn finish(self, mode: ViewMode) -> GraphView {
        let names = |ix: Option<&BTreeSet<u32>>| -> BTreeSet<String> { ix.map(|s| s.iter().filter_map(|i| self.article_names.get(*i as usize).cloned()).collect()).unwrap_or_default() };
        let mut nodes: BTreeMap<String, ViewNode> = BTreeMap::new();
        for (s, cs) in &self.classes {
            if !cs.iter().any(|c| ENTITY_CLASSES.contains(c)) {
                continue;
            }
            let mut ordered: Vec<String> = cs.iter().filter(|c| SPECIFIC.contains(c)).map(|c| c.to_string()).collect();
            ordered.extend(cs.iter().filter(|c| ENTITY_CLASSES.contains(c) && !SPECIFIC.contains(c)).map(|c| c.to_string()));
            let l = self.labels.get(s).cloned().unwrap_or_else(|| s.clone());
            nodes.insert(
                s.clone(),
                ViewNode {
                    id: node_id(s),
                    iri: s.clone(),
                    aliases: self.aliases.get(s).map(|a| a.iter().filter(|x| **x != l).cloned().collect()).unwrap_or_default(),
                    label: l,
                    classes: ordered,
                    mentions: self.mention_count.get(s).copied().unwrap_or(0),
                    articles: names(self.mention_articles.get(s)),
                    figures: Vec::new(),
                    years: self.mention_years.get(s).cloned().unwrap_or_default(),
                },
            );
        }
        let figures = self.observations.values().map(|(s, f)| (s, f)).chain(self.figures.iter().flat_map(|(s, fs)| fs.iter().map(move |f| (s, f))));
        for (subject, f) in figures {
            if let Some(n) = nodes.get_mut(subject) {
                if let Some(y) = f.year {
                    n.years.insert(y);
                }
                n.figures.push(f.clone());
            }
        }
        for n in nodes.values_mut() {
            n.figures.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        }
        let mut edges = Vec::new();
        for (x, r, y) in &self.rel_triples {
            if !nodes.contains_key(x) || !nodes.contains_key(y) {
                continue;
            }
            let zh = RELS.iter().find(|(l, _)| l == r).map(|(_, z)| *z).unwrap_or("");
            let (w, arts, years) = self.support.get(&(x.clone(), r.clone(), y.clone())).cloned().unwrap_or_default();
            edges.push(ViewEdge { source: x.clone(), target: y.clone(), label: format!("{zh} ({r})"), relation: format!("{ZKG}{r}"), weight: w.max(1), articles: names(Some(&arts)), years });
        }
        let count = |x: &str| self.mention_count.get(x).copied().unwrap_or(1).max(1);
        let arts = |x: &str| names(self.mention_articles.get(x));
        let years = |x: &str| self.mention_years.get(x).cloned().unwrap_or_default();
        if mode == ViewMode::Full {
            let mut extra: Vec<(String, ViewNode)> = Vec::new();
            for (p, (h, o, t)) in &self.positions {
                extra.push((p.clone(), ViewNode { id: node_id(p), iri: p.clone(), label: t.clone(), classes: vec!["Position".into()], mentions: self.mention_count.get(p).copied().unwrap_or(0), articles: arts(p), years: years(p), ..Default::default() }));
                edges.push(ViewEdge { source: p.clone(), target: h.clone(), label: "任职者 (holder)".into(), relation: format!("{ZKG}holder"), weight: count(p), articles: arts(p), years: years(p) });
                if let Some(o) = o {
                    edges.push(ViewEdge { source: p.clone(), target: o.clone(), label: "任职机构 (organization)".into(), relation: format!("{ZKG}organization"), weight: count(p), articles: arts(p), years: years(p) });
                }
            }
            for (o, (subject, f)) in &self.observations {
                let mut ys = years(o);
                if let Some(y) = f.year {
                    ys.insert(y);
                }
                let value = f.value.map(|v| format!("{v}")).unwrap_or_default();
                let label = format!("{} {}{}", f.indicator, value, f.unit.clone().unwrap_or_default()).trim().to_string();
                extra.push((o.clone(), ViewNode { id: node_id(o), iri: o.clone(), label, classes: vec!["Observation".into()], mentions: self.mention_count.get(o).copied().unwrap_or(0), articles: arts(o), years: ys.clone(), ..Default::default() }));
                edges.push(ViewEdge { source: o.clone(), target: subject.clone(), label: "统计对象 (observedFor)".into(), relation: format!("{ZKG}observedFor"), weight: count(o), articles: arts(o), years: ys });
            }
            nodes.extend(extra);
        } else {
            // posts: person → body, labelled with the title
            for (p, (h, o, t)) in &self.positions {
                let Some(o) = o else { continue };
                if !nodes.contains_key(h) || !nodes.contains_key(o) {
                    continue;
                }
                edges.push(ViewEdge { source: h.clone(), target: o.clone(), label: t.clone(), relation: format!("{ZKG}Position"), weight: count(p), articles: arts(p), years: years(p) });
            }
        }
        edges.retain(|e| nodes.contains_key(&e.source) && nodes.contains_key(&e.target));
        edges.sort();
        edges.dedup();
        GraphView { nodes: nodes.into_values().collect(), edges, article_ids: self.article_ids }
    }
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
