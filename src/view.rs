//! The entity view of the graph, read back from its RDF statements: the
//! nodes and edges that GraphML (and other property-graph exports) show.
//! Because it is computed from the per-article named graphs, the view of a
//! store grown article by article is the view of one build of them all.

use crate::export::{RDF, RDFS, SKOS, ZKG};
use oxigraph::model::{Quad, Term};
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

fn iri_of(t: &Term) -> Option<&str> {
    match t {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

fn lit(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) => Some(l.value()),
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
        let ty = format!("{RDF}type");
        let label = format!("{RDFS}label");
        let alt = format!("{SKOS}altLabel");
        let mut classes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut labels: BTreeMap<&str, &str> = BTreeMap::new();
        let mut aliases: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut props: BTreeMap<&str, BTreeMap<&str, &Term>> = BTreeMap::new(); // n-ary nodes and mentions
        let mut article_ids = BTreeMap::new();
        let mut rel_triples: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
        let mut statements: BTreeMap<&str, BTreeMap<&str, &Term>> = BTreeMap::new();
        let mut article_years: BTreeMap<&str, i32> = BTreeMap::new();
        for q in per_article.iter().flatten() {
            let oxigraph::model::NamedOrBlankNode::NamedNode(sn) = &q.subject else { continue };
            let s = sn.as_str();
            let p = q.predicate.as_str();
            if p == ty {
                if let Some(c) = iri_of(&q.object).and_then(|c| c.strip_prefix(ZKG)) {
                    classes.entry(s).or_default().insert(c);
                }
                continue;
            }
            if p == label {
                if let Some(l) = lit(&q.object) {
                    labels.insert(s, l);
                }
                continue;
            }
            if p == alt {
                if let Some(l) = lit(&q.object) {
                    aliases.entry(s).or_default().insert(l);
                }
                continue;
            }
            if p == "http://purl.org/dc/terms/identifier" {
                if let Some(l) = lit(&q.object) {
                    article_ids.insert(s.to_string(), l.to_string());
                }
            }
            if p == format!("{ZKG}dateline") {
                if let Some(y) = lit(&q.object).and_then(year_of) {
                    article_years.insert(s, y);
                }
            }
            if let Some(local) = p.strip_prefix(ZKG) {
                if RELS.iter().any(|(r, _)| *r == local) {
                    if let Some(o) = iri_of(&q.object) {
                        rel_triples.insert((s, local, o));
                    }
                    continue;
                }
                props.entry(s).or_default().insert(local, &q.object);
            } else if p.starts_with(RDF) && p != ty {
                statements.entry(s).or_default().insert(&p[RDF.len()..], &q.object);
            }
        }
        // mentions: count and articles per node
        let mut mention_count: BTreeMap<&str, usize> = BTreeMap::new();
        let mut mention_articles: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (m, pr) in &props {
            if !classes.get(m).map(|c| c.contains("Mention")).unwrap_or(false) {
                continue;
            }
            if let (Some(x), Some(a)) = (pr.get("refersTo").and_then(|t| iri_of(t)), pr.get("inArticle").and_then(|t| iri_of(t))) {
                *mention_count.entry(x).or_default() += 1;
                mention_articles.entry(x).or_default().insert(a);
            }
        }
        let art_id = |a: &str| article_ids.get(a).cloned().unwrap_or_else(|| a.to_string());
        // entity nodes
        let mut nodes: BTreeMap<&str, ViewNode> = BTreeMap::new();
        for (s, cs) in &classes {
            if !cs.iter().any(|c| ENTITY_CLASSES.contains(c)) {
                continue;
            }
            let mut ordered: Vec<String> = cs.iter().filter(|c| SPECIFIC.contains(c)).map(|c| c.to_string()).collect();
            ordered.extend(cs.iter().filter(|c| ENTITY_CLASSES.contains(c) && !SPECIFIC.contains(c)).map(|c| c.to_string()));
            let l = labels.get(s).copied().unwrap_or(s);
            let years = mention_articles.get(s).map(|a| a.iter().filter_map(|x| article_years.get(x).copied()).collect()).unwrap_or_default();
            nodes.insert(
                s,
                ViewNode {
                    id: node_id(s),
                    iri: s.to_string(),
                    label: l.to_string(),
                    classes: ordered,
                    aliases: aliases.get(s).map(|a| a.iter().filter(|x| **x != l).map(|x| x.to_string()).collect()).unwrap_or_default(),
                    mentions: mention_count.get(s).copied().unwrap_or(0),
                    articles: mention_articles.get(s).map(|a| a.iter().map(|x| art_id(x)).collect()).unwrap_or_default(),
                    figures: Vec::new(),
                    years,
                },
            );
        }
        // figures of entities
        for (o, pr) in &props {
            if !classes.get(o).map(|c| c.contains("Observation")).unwrap_or(false) {
                continue;
            }
            let Some(subject) = pr.get("observedFor").and_then(|t| iri_of(t)) else { continue };
            let num = |k: &str| pr.get(k).and_then(|t| lit(t)).and_then(|v| v.parse::<f64>().ok());
            let text = |k: &str| pr.get(k).and_then(|t| lit(t)).map(str::to_string);
            let period = text("period");
            let f = Figure { indicator: text("indicator").unwrap_or_default(), value: num("value"), unit: text("unit"), growth: num("growthRate"), year: period.as_deref().and_then(year_of), period };
            if let Some(n) = nodes.get_mut(subject) {
                if let Some(y) = f.year {
                    n.years.insert(y);
                }
                n.figures.push(f);
            }
        }
        for n in nodes.values_mut() {
            n.figures.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        }
        // relation edges, weighted by their reified statements
        let mut support: BTreeMap<(&str, &str, &str), (usize, BTreeSet<&str>)> = BTreeMap::new();
        for (st, pr) in &props {
            // reified statements carry zkg:inArticle; their rdf:subject etc. are in `statements`
            let Some(rs) = statements.get(st) else { continue };
            let (Some(x), Some(p), Some(y)) = (rs.get("subject").and_then(|t| iri_of(t)), rs.get("predicate").and_then(|t| iri_of(t)), rs.get("object").and_then(|t| iri_of(t))) else { continue };
            let Some(local) = p.strip_prefix(ZKG) else { continue };
            let e = support.entry((x, local, y)).or_default();
            e.0 += 1;
            if let Some(a) = pr.get("inArticle").and_then(|t| iri_of(t)) {
                e.1.insert(a);
            }
        }
        let mut edges = Vec::new();
        for (x, r, y) in &rel_triples {
            if !nodes.contains_key(x) || !nodes.contains_key(y) {
                continue;
            }
            let zh = RELS.iter().find(|(l, _)| l == r).map(|(_, z)| *z).unwrap_or("");
            let (w, arts) = support.get(&(*x, *r, *y)).cloned().unwrap_or_default();
            edges.push(ViewEdge {
                source: x.to_string(),
                target: y.to_string(),
                label: format!("{zh} ({r})"),
                relation: format!("{ZKG}{r}"),
                weight: w.max(1),
                articles: arts.iter().map(|a| art_id(a)).collect(),
                years: arts.iter().filter_map(|a| article_years.get(a).copied()).collect(),
            });
        }
        if mode == ViewMode::Full {
            // the n-ary nodes themselves, and their edges
            for (x, pr) in &props {
                let cs = classes.get(x);
                let is_pos = cs.map(|c| c.contains("Position")).unwrap_or(false);
                let is_obs = cs.map(|c| c.contains("Observation")).unwrap_or(false);
                if !is_pos && !is_obs {
                    continue;
                }
                let text = |k: &str| pr.get(k).and_then(|t| lit(t)).unwrap_or("").to_string();
                let label = if is_pos { text("title") } else { format!("{} {}{}", text("indicator"), text("value"), text("unit")).trim().to_string() };
                let arts: BTreeSet<&str> = mention_articles.get(x).cloned().unwrap_or_default();
                let mut years: BTreeSet<i32> = arts.iter().filter_map(|a| article_years.get(a).copied()).collect();
                if let Some(y) = pr.get("period").and_then(|t| lit(t)).and_then(year_of) {
                    years.insert(y);
                }
                nodes.insert(
                    x,
                    ViewNode {
                        id: node_id(x),
                        iri: x.to_string(),
                        label,
                        classes: vec![if is_pos { "Position".into() } else { "Observation".into() }],
                        aliases: BTreeSet::new(),
                        mentions: mention_count.get(x).copied().unwrap_or(0),
                        articles: arts.iter().map(|a| art_id(a)).collect(),
                        figures: Vec::new(),
                        years: years.clone(),
                    },
                );
                for (k, zh) in [("holder", "任职者"), ("organization", "任职机构"), ("observedFor", "统计对象")] {
                    if let Some(t) = pr.get(k).and_then(|t| iri_of(t)) {
                        edges.push(ViewEdge {
                            source: x.to_string(),
                            target: t.to_string(),
                            label: format!("{zh} ({k})"),
                            relation: format!("{ZKG}{k}"),
                            weight: mention_count.get(x).copied().unwrap_or(1).max(1),
                            articles: arts.iter().map(|a| art_id(a)).collect(),
                            years: years.clone(),
                        });
                    }
                }
            }
            edges.retain(|e| nodes.contains_key(e.target.as_str()));
            edges.sort();
            edges.dedup();
            return GraphView { nodes: nodes.into_values().collect(), edges, article_ids };
        }
        // posts: person → body, labelled with the title
        for (p, pr) in &props {
            if !classes.get(p).map(|c| c.contains("Position")).unwrap_or(false) {
                continue;
            }
            let (Some(h), Some(o), Some(t)) = (pr.get("holder").and_then(|t| iri_of(t)), pr.get("organization").and_then(|t| iri_of(t)), pr.get("title").and_then(|t| lit(t))) else { continue };
            if !nodes.contains_key(h) || !nodes.contains_key(o) {
                continue;
            }
            edges.push(ViewEdge {
                source: h.to_string(),
                target: o.to_string(),
                label: t.to_string(),
                relation: format!("{ZKG}Position"),
                weight: mention_count.get(p).copied().unwrap_or(1).max(1),
                articles: mention_articles.get(p).map(|a| a.iter().map(|x| art_id(x)).collect()).unwrap_or_default(),
                years: mention_articles.get(p).map(|a| a.iter().filter_map(|x| article_years.get(x).copied()).collect()).unwrap_or_default(),
            });
        }
        edges.sort();
        edges.dedup();
        GraphView { nodes: nodes.into_values().collect(), edges, article_ids }
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
