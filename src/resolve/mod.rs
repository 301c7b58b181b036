//! Resolution: in-article coreference (该区, 高新区, 园区 and the zone's
//! 管委会 → the article's zone; a shorter name that ends a longer one of the
//! same kind → that entity; a programme's quoted core → the programme), the
//! identity key of every entity, and deterministic IRIs.
//!
//! Keys and labels (a label is a function of the key alone, so every article,
//! run and shard gives an entity the same IRI and the same label):
//! - zones: the lexicon's canonical name, else place + canonical suffix
//!   (X国家高新技术产业开发区 = X国家高新区 = X高新区);
//! - places: the place's base name; labelled base + 市/省 by level;
//! - companies and organisations: the core name, legal form and a bracketed
//!   region removed (SMC(中国)有限公司 → SMC); an alias declared in the text
//!   (以下简称“X”) joins the entity it names;
//! - persons: name within a context: the company of their post, else the
//!   article's zone, else the body of their first post; reporters in the
//!   press (two 王伟 in two zones stay two);
//! - parks, projects, policies, programmes, events: name within the
//!   article's zone; a programme by its quoted core (“一件事一次办”改革 =
//!   “一件事一次办”); within one article, a name that ends a longer name of
//!   the same kind is that entity (灯塔社区项目 → 万亩创新灯塔社区项目).
//!
//! Kinds that can name the same thing share IRIs (a park or project is a
//! `site`, an organisation or company an `org`, a policy or programme a
//! `policy`), so a type never splits an entity in two.
//!
//! Every mention records how it was resolved (`zkg:resolution`): same-name,
//! lexicon-alias, zone-suffix-rule, company-core, declared-alias, coreference.

pub mod corpus;
pub mod graph;
pub mod statements;

pub use statements::{article_graphs, graph_of_article};

use crate::extract::{company_core, Extraction, Mention, Target};
use crate::model::ids::{short_hash, slug};
use crate::model::vocab::{Kind, ID};
use crate::text::{Article, OrigSpan};
use graph::{ArticleInfo, EdgeKind, KnowledgeGraph, NodeData, NodeIndex, Prov};
use std::collections::HashMap;

/// The IRI path segment shared by the kinds that can name the same thing.
pub fn family(kind: Kind) -> &'static str {
    match kind {
        Kind::Park | Kind::Project => "site",
        Kind::Organization | Kind::Company => "org",
        Kind::Policy | Kind::Program => "policy",
        other => other.slug(),
    }
}

pub fn entity_iri(kind: Kind, key: &str) -> String {
    format!("{ID}{}/{}", family(kind), slug(key))
}

/// A body named relative to the reader's city or province (市委, 区政府,
/// 省商务厅): the same words name another body in another place.
pub fn is_relative_body(name: &str) -> bool {
    name.starts_with(['市', '区', '省', '县', '州', '镇']) && !name.starts_with("市场")
}

pub fn article_iri(id: &str) -> String {
    format!("{ID}article/{}", slug(id))
}

/// Builds the graph of a set of extracted articles. Articles are taken in id
/// order so the result does not depend on input order.
pub fn build_graph(items: &[(Article, Extraction)]) -> KnowledgeGraph {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].0.id.cmp(&items[b].0.id));
    let mut kg = KnowledgeGraph::new();
    for &i in &order {
        let (a, ex) = &items[i];
        add_article(&mut kg, a, ex);
    }
    kg
}

fn context_key(m: Option<&Mention>) -> String {
    m.map(|z| z.key.clone()).unwrap_or_default()
}

/// Adds one article's mentions, relations, positions and observations.
pub fn add_article(kg: &mut KnowledgeGraph, a: &Article, ex: &Extraction) {
    let ai = kg.articles.len();
    kg.articles.push(ArticleInfo { iri: article_iri(&a.id), id: a.id.clone(), title: a.title.clone(), source: a.source.clone(), date: a.date.clone(), text: a.text.clone(), creators: Vec::new() });
    let r = ArticleResolver::new(a, ex, ai);
    let node_of = r.add_mentions(kg);
    let main_node = ex.main_zone.and_then(|i| node_of[i]);
    let target = |t: Target| match t {
        Target::Mention(j) => node_of[j],
        Target::ArticleZone => main_node,
    };
    for rel in &ex.relations {
        let (Some(from), Some(to)) = (node_of[rel.from], target(rel.to)) else { continue };
        if from != to {
            kg.upsert_edge(from, to, EdgeKind::Rel(rel.rel), r.prov(&rel.range, rel.rule, rel.confidence));
        }
    }
    for p in &ex.positions {
        let Some(holder) = node_of[p.holder] else { continue };
        let org = p.org.and_then(target);
        let org_iri = org.map(|o| kg.nodes[o].iri.clone()).unwrap_or_default();
        let iri = format!("{ID}position/{}", short_hash(&format!("{}|{}|{}", kg.nodes[holder].iri, p.title, org_iri)));
        let prov = r.prov(&p.range, p.rule, p.confidence);
        let ix = kg.upsert_node(&iri, &p.title, NodeData::Position { title: p.title.clone() }, None, prov.clone());
        kg.upsert_edge(ix, holder, EdgeKind::Holder, prov.clone());
        if let Some(o) = org {
            kg.upsert_edge(ix, o, EdgeKind::Organization, prov);
        }
    }
    for o in &ex.observations {
        let Some(subject) = o.subject.and_then(target) else { continue };
        let iri = observation_iri(&kg.nodes[subject].iri, o);
        let prov = r.prov(&o.range, o.rule, o.confidence);
        let data = NodeData::Observation(o.figure.clone());
        let ix = kg.upsert_node(&iri, &o.indicator, data, None, prov.clone());
        kg.upsert_edge(ix, subject, EdgeKind::ObservedFor, prov);
    }
    let creators: Vec<NodeIndex> = ex.reporters.iter().filter_map(|&i| node_of[i]).collect();
    kg.articles[ai].creators = creators;
}

/// A figure's IRI: a hash of its subject and every field, so the same
/// figure of the same subject is one node whichever article reports it.
fn observation_iri(subject_iri: &str, o: &crate::extract::ObservationM) -> String {
    let id = format!(
        "{}|{}|{}|{}|{}|{}|{}",
        subject_iri,
        o.indicator,
        o.value.as_deref().unwrap_or(""),
        o.unit.as_deref().unwrap_or(""),
        o.growth.as_deref().unwrap_or(""),
        o.period.as_deref().unwrap_or(""),
        o.qualifier.as_deref().unwrap_or("")
    );
    let id = match &o.share {
        Some(sh) => format!("{id}|{sh}"),
        None => id,
    };
    format!("{ID}observation/{}", short_hash(&id))
}

/// What resolving one article's mentions needs: the article's zone (its
/// key is the context of names that are only unique within a zone) and the
/// in-article coreference of shorter names.
struct ArticleResolver<'a> {
    a: &'a Article,
    ex: &'a Extraction,
    ai: usize,
    main: Option<&'a Mention>,
    zone_ctx: String,
    /// the longer name of the same kind a name ends (灯塔社区项目 → 万亩创新灯塔社区项目)
    alias_of: Vec<Option<usize>>,
    /// each person mention's posts (indices into the extraction's positions)
    posts_of: HashMap<usize, Vec<usize>>,
}

impl<'a> ArticleResolver<'a> {
    fn new(a: &'a Article, ex: &'a Extraction, ai: usize) -> Self {
        let ms = &ex.mentions;
        let main = ex.main_zone.map(|i| &ms[i]);
        let aliased = |m: &Mention| matches!(m.kind, Kind::Park | Kind::Project | Kind::Event | Kind::Policy);
        // for every ending of three or more characters of a name, the longest
        // name of its kind with that ending (the last of the longest): one
        // pass over the names instead of one over all names for each
        let mut longest: HashMap<(Kind, &str), (usize, usize)> = HashMap::new();
        for (j, o) in ms.iter().enumerate().filter(|(_, o)| aliased(o)) {
            let n = o.name.chars().count();
            for (k, (b, _)) in o.name.char_indices().enumerate().skip(1) {
                if n - k < 3 {
                    break;
                }
                let e = longest.entry((o.kind, &o.name[b..])).or_insert((n, j));
                if n >= e.0 {
                    *e = (n, j);
                }
            }
        }
        let alias_of = ms.iter().map(|m| if aliased(m) { longest.get(&(m.kind, m.name.as_str())).map(|&(_, j)| j) } else { None }).collect();
        let mut posts_of: HashMap<usize, Vec<usize>> = HashMap::new();
        for (k, p) in ex.positions.iter().enumerate() {
            posts_of.entry(p.holder).or_default().push(k);
        }
        ArticleResolver { a, ex, ai, main, zone_ctx: context_key(main), alias_of, posts_of }
    }

    /// A span's provenance: original character offsets and its sentence's.
    fn prov(&self, range: &std::ops::Range<usize>, rule: &'static str, confidence: f32) -> Prov {
        Prov { article: self.ai, span: self.a.clean.orig_span(range.clone()), sentence: self.sentence(range.start), rule, confidence, resolution: "same-name" }
    }

    /// The sentence around a clean byte offset, in original character offsets.
    fn sentence(&self, b: usize) -> OrigSpan {
        let a = self.a;
        a.sentences.get(a.sentence_of(b)).map(|r| a.clean.orig_span(r.clone())).unwrap_or_default()
    }

    /// Persons: the company of their post, else the article's zone, else their first post's body.
    fn person_ctx(&self, i: usize) -> String {
        let (ex, ms) = (self.ex, &self.ex.mentions);
        if ex.reporters.contains(&i) {
            return "press".to_string();
        }
        let orgs: Vec<&Mention> = self
            .posts_of
            .get(&i)
            .into_iter()
            .flatten()
            .map(|&k| &ex.positions[k])
            .filter_map(|p| match p.org {
                Some(Target::Mention(j)) => Some(&ms[j]),
                _ => None,
            })
            .collect();
        if let Some(c) = orgs.iter().find(|o| o.kind == Kind::Company) {
            return company_core(&c.key);
        }
        if !self.zone_ctx.is_empty() {
            return self.zone_ctx.clone();
        }
        orgs.first().map(|o| o.key.clone()).unwrap_or_default()
    }

    /// (kind, key, label, resolution) of a mention.
    fn resolve(&self, i: usize) -> Option<(Kind, String, String, &'static str)> {
        let ms = &self.ex.mentions;
        let zone_ctx = &self.zone_ctx;
        let m = &ms[i];
        if m.is_zone_ref {
            return self.main.map(|z| (Kind::Zone, z.key.clone(), z.canonical.clone(), "coreference"));
        }
        let owner = self.alias_of[i].map(|j| &ms[j]).unwrap_or(m);
        let mut why = if self.alias_of[i].is_some() { "coreference" } else { "same-name" };
        let (key, label) = match m.kind {
            Kind::Zone => {
                if m.name != m.canonical {
                    why = match m.rule {
                        "zone.lexicon" => "lexicon-alias",
                        "zone.body" => "coreference",
                        _ => "zone-suffix-rule",
                    };
                }
                (m.key.clone(), m.canonical.clone())
            }
            Kind::Place => (m.key.clone(), m.canonical.clone()),
            Kind::Company | Kind::Organization => {
                let core = company_core(&m.key);
                if m.rule == "alias.declared" {
                    why = "declared-alias";
                } else if core != m.name {
                    why = "company-core";
                }
                // a body named relative to the reader (市委, 市政府, 省商务厅) is that
                // body of the article's zone's city: its key carries the zone
                if m.kind == Kind::Organization && is_relative_body(&core) && !zone_ctx.is_empty() {
                    (format!("{core}@{zone_ctx}"), core)
                } else {
                    (core.clone(), core)
                }
            }
            Kind::Person => (format!("{}@{}", m.key, self.person_ctx(i)), m.name.clone()),
            Kind::Program => {
                // a programme by its quoted core: label “core”, or the name when unquoted
                let label = if owner.key.starts_with('“') && owner.rule != "program.lexicon" { owner.key.clone() } else { owner.key.trim_matches(['“', '”']).to_string() };
                if m.name != label && why == "same-name" {
                    why = "coreference";
                }
                (format!("{}@{}", owner.key, zone_ctx), label)
            }
            _ => (format!("{}@{}", owner.key, zone_ctx), owner.canonical.clone()),
        };
        Some((m.kind, key, label, why))
    }

    /// Every mention as an entity node; returns each mention's node.
    fn add_mentions(&self, kg: &mut KnowledgeGraph) -> Vec<Option<NodeIndex>> {
        let (a, ms, ai) = (self.a, &self.ex.mentions, self.ai);
        let mut node_of: Vec<Option<NodeIndex>> = vec![None; ms.len()];
        for (i, m) in ms.iter().enumerate() {
            let Some((kind, key, label, why)) = self.resolve(i) else { continue };
            let prov = if m.range.is_empty() {
                // a reporter named in the byline: the byline's span
                let span = a.reporters.iter().find(|r| r.name == m.name).map(|r| r.span).unwrap_or_default();
                Prov { article: ai, span, sentence: span, rule: m.rule, confidence: m.confidence, resolution: why }
            } else {
                Prov { resolution: why, ..self.prov(&m.range, m.rule, m.confidence) }
            };
            let (data, name) = match self.main.filter(|_| m.is_zone_ref) {
                Some(z) => (NodeData::Entity { kind: Kind::Zone, zone_class: z.zone_class, known_aliases: z.known_aliases.clone() }, None),
                None => (NodeData::Entity { kind, zone_class: m.zone_class, known_aliases: m.known_aliases.clone() }, Some(m.name.as_str())),
            };
            node_of[i] = Some(kg.upsert_node(&entity_iri(kind, &key), &label, data, name.map(|n| (ai, n)), prov));
        }
        node_of
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_deterministic() {
        assert_eq!(entity_iri(Kind::Zone, "某某经济技术开发区"), entity_iri(Kind::Zone, "某某经济技术开发区"));
        assert_ne!(entity_iri(Kind::Zone, "甲"), entity_iri(Kind::Park, "甲"));
    }

    #[test]
    fn an_alias_declared_after_the_headline_names_the_company_is_kept() {
        use crate::{extract::Extractor, input::RawDoc, lexicon::Lexicon};
        let x = Extractor::new(Lexicon::builtin()).unwrap();
        // the headline names the company first; the body declares its short name and never uses it
        let doc = RawDoc {
            origin: "t".into(),
            id: Some("t".into()),
            title: Some("华信重工股份有限公司落户园区".into()),
            text: "华信重工股份有限公司（以下简称“华信”）与园区签约。".into(),
            ..Default::default()
        };
        let items: Vec<_> = crate::input::articles_of(&doc, x.zone_cue())
            .into_iter()
            .map(|a| {
                let e = x.extract(&a);
                (a, e)
            })
            .collect();
        let kg = build_graph(&items);
        let n = kg.nodes.iter().find(|n| n.label == "华信重工").expect("the company");
        assert!(n.aliases().contains("华信"), "{:?}", n.aliases());
    }
}
