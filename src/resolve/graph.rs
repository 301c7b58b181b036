//! The resolved graph of one article (or of a few, in tests): entities and
//! n-ary nodes for posts and figures, keyed by IRI, with the provenance
//! (article, character span, rule, confidence) of every node and edge. It
//! is the scratch form between resolution and the statements
//! ([`super::statements`]), so it is two vectors and two indexes: nodes and
//! edges in the order they were made (the statements' order), looked up by
//! IRI and by (from, to, kind). Nothing here walks the graph; what does
//! (components, degrees, layout) works on the whole corpus's entity view.

pub use crate::extract::Figure;
use crate::model::vocab::{class_of, Class, Kind, Rel, ZoneClass};
use crate::text::OrigSpan;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A node's place in [`KnowledgeGraph::nodes`].
pub type NodeIndex = usize;

/// Where a node or edge came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Prov {
    /// index into `KnowledgeGraph::articles`
    pub article: usize,
    /// where in the article's original text
    pub span: OrigSpan,
    /// the sentence holding the span
    pub sentence: OrigSpan,
    pub rule: &'static str,
    pub confidence: f32,
    /// how the span was resolved to this node (see `resolve`)
    pub resolution: &'static str,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeData {
    Entity { kind: Kind, zone_class: Option<ZoneClass>, known_aliases: Vec<String> },
    Position { title: String },
    Observation(Figure),
}

impl NodeData {
    /// The node's class (an entity's kind's class).
    pub fn class(&self) -> &'static Class {
        match self {
            NodeData::Entity { kind, .. } => kind.class(),
            NodeData::Position { .. } => class_of("Position").expect("Position is in the vocabulary"),
            NodeData::Observation(_) => class_of("Observation").expect("Observation is in the vocabulary"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub iri: String,
    /// canonical name (entities), title (positions), indicator (observations);
    /// a function of the node's key, so every article gives the same label
    pub label: String,
    pub data: NodeData,
    /// the kinds each article gave it (a name may be a park in one article and
    /// a project in another: one node with both types)
    pub kinds: BTreeMap<usize, BTreeSet<Kind>>,
    /// names the node went by, per article
    pub names: BTreeMap<usize, BTreeSet<String>>,
    pub prov: Vec<Prov>,
}

impl Node {
    pub fn kind(&self) -> Option<Kind> {
        match &self.data {
            NodeData::Entity { kind, .. } => Some(*kind),
            _ => None,
        }
    }
    /// Every name the node went by, across articles, other than its label.
    pub fn aliases(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.names.values().flatten().cloned().collect();
        if let NodeData::Entity { known_aliases, .. } = &self.data {
            out.extend(known_aliases.iter().cloned());
        }
        out.remove(&self.label);
        out
    }
    /// Articles that support the node.
    pub fn articles(&self) -> BTreeSet<usize> {
        self.prov.iter().map(|p| p.article).collect()
    }
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    Rel(Rel),
    /// position → person
    Holder,
    /// position → body
    Organization,
    /// observation → subject
    ObservedFor,
}

impl EdgeKind {
    /// Its relation in the vocabulary.
    pub fn relation(self) -> &'static crate::model::vocab::Relation {
        let local = match self {
            EdgeKind::Rel(r) => return r.relation(),
            EdgeKind::Holder => "holder",
            EdgeKind::Organization => "organization",
            EdgeKind::ObservedFor => "observedFor",
        };
        crate::model::vocab::relation_of(local).expect("the post and figure relations are in the vocabulary")
    }
    pub fn local(self) -> &'static str {
        self.relation().local
    }
    pub fn zh(self) -> &'static str {
        self.relation().zh
    }
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: NodeIndex,
    pub to: NodeIndex,
    pub kind: EdgeKind,
    pub prov: Vec<Prov>,
}

/// An article as the graph records it.
#[derive(Debug, Clone)]
pub struct ArticleInfo {
    pub iri: String,
    pub id: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
    pub text: String,
    pub creators: Vec<NodeIndex>,
}

#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    /// in the order they were made
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub index: HashMap<String, NodeIndex>,
    edge_index: HashMap<(NodeIndex, NodeIndex, EdgeKind), usize>,
    /// the provenance each node (`false`, index) and edge (`true`) has, so
    /// that adding one is not a scan of all it has (a name said thousands of
    /// times in one article made that quadratic)
    provs: rustc_hash::FxHashSet<(bool, usize, ProvKey)>,
    pub articles: Vec<ArticleInfo>,
}

/// A [`Prov`] as a hashable key (the confidence by its bits).
type ProvKey = (usize, OrigSpan, OrigSpan, &'static str, u32, &'static str);

fn prov_key(p: &Prov) -> ProvKey {
    (p.article, p.span, p.sentence, p.rule, p.confidence.to_bits(), p.resolution)
}

impl KnowledgeGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a node or merges into the node with the same IRI.
    pub fn upsert_node(&mut self, iri: &str, label: &str, data: NodeData, name: Option<(usize, &str)>, prov: Prov) -> NodeIndex {
        let kind = match &data {
            NodeData::Entity { kind, .. } => Some(*kind),
            _ => None,
        };
        let ix = match self.index.get(iri) {
            Some(&ix) => {
                // an alias declared at a later mention (the name came first in the headline) is still the node's
                if let (NodeData::Entity { known_aliases: new, .. }, NodeData::Entity { known_aliases: have, .. }) = (&data, &mut self.nodes[ix].data) {
                    for a in new {
                        if !have.contains(a) {
                            have.push(a.clone());
                        }
                    }
                }
                ix
            }
            None => {
                let ix = self.nodes.len();
                self.nodes.push(Node { iri: iri.to_string(), label: label.to_string(), data, kinds: BTreeMap::new(), names: BTreeMap::new(), prov: Vec::new() });
                self.index.insert(iri.to_string(), ix);
                ix
            }
        };
        let node = &mut self.nodes[ix];
        if let Some(kind) = kind {
            node.kinds.entry(prov.article).or_default().insert(kind);
        }
        if let Some((a, n)) = name {
            if !n.is_empty() {
                node.names.entry(a).or_default().insert(n.to_string());
            }
        }
        if self.provs.insert((false, ix, prov_key(&prov))) {
            node.prov.push(prov);
        }
        ix
    }

    /// Adds an edge or adds provenance to the existing edge of that kind.
    pub fn upsert_edge(&mut self, from: NodeIndex, to: NodeIndex, kind: EdgeKind, prov: Prov) -> usize {
        let n = self.edges.len();
        let e = *self.edge_index.entry((from, to, kind)).or_insert(n);
        if self.provs.insert((true, e, prov_key(&prov))) {
            if e == n {
                self.edges.push(Edge { from, to, kind, prov: vec![prov] });
            } else {
                self.edges[e].prov.push(prov);
            }
        }
        e
    }

    /// Entity nodes sorted by IRI.
    pub fn entities(&self) -> Vec<NodeIndex> {
        let mut v: Vec<NodeIndex> = (0..self.nodes.len()).filter(|&i| self.nodes[i].kind().is_some()).collect();
        v.sort_by(|a, b| self.nodes[*a].iri.cmp(&self.nodes[*b].iri));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prov(a: usize, s: usize) -> Prov {
        Prov { article: a, span: OrigSpan::new(s, s + 2), sentence: OrigSpan::new(0, s + 2), rule: "t", confidence: 0.5, resolution: "same-name" }
    }

    #[test]
    fn same_iri_is_one_node_and_edges_merge() {
        let mut g = KnowledgeGraph::new();
        let d = NodeData::Entity { kind: Kind::Zone, zone_class: None, known_aliases: vec![] };
        let a = g.upsert_node("x:a", "甲高新区", d.clone(), Some((0, "甲区")), prov(0, 0));
        let a2 = g.upsert_node("x:a", "甲高新区", d.clone(), Some((1, "甲高新区")), prov(1, 5));
        assert_eq!(a, a2);
        let b = g.upsert_node("x:b", "乙", d, None, prov(0, 3));
        g.upsert_edge(b, a, EdgeKind::Rel(Rel::PartOf), prov(0, 3));
        g.upsert_edge(b, a, EdgeKind::Rel(Rel::PartOf), prov(1, 7));
        assert_eq!(g.edges.len(), 1);
        assert_eq!(g.edges[0].prov.len(), 2);
        assert_eq!(g.nodes[a].label, "甲高新区");
        assert_eq!(g.nodes[a].kinds.len(), 2);
        assert_eq!(g.nodes[a].aliases().into_iter().collect::<Vec<_>>(), vec!["甲区".to_string()]);
    }
}
