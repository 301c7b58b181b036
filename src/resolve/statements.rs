//! The RDF mapping: an article's resolved graph as its statements (the
//! model everything downstream reads). Entities, posts and figures with
//! their types, labels and values; one mention per span (its IRI the span,
//! with its node, sentence and rule); one reified statement per span that
//! supports a relation. The mentions' and statements' classes (`zkg:Mention`,
//! `rdf:Statement`) follow from the domains of `zkg:refersTo` and
//! `rdf:subject` and are not written: they were an eighth of the N-Quads.

use super::graph::{Edge, EdgeKind, Figure, KnowledgeGraph, Node, NodeData, Prov};
use crate::model::ids::{short_hash, slug};
use crate::model::span::{char_iri, OrigSpan};
use crate::model::stmts::{clean_literal, ArticleGraph, Lit, Obj, Stmt, RULE_PREFIX};
use crate::model::vocab::iri::*;
use crate::model::vocab::{Kind, ZoneClass, ZKG};
use std::collections::BTreeSet;

/// The class IRI of an entity node.
pub fn class_iri(kind: Kind, zone_class: Option<ZoneClass>, label: &str) -> String {
    match (kind, zone_class) {
        (Kind::Zone, Some(c)) => format!("{ZKG}{}", c.class_name()),
        (Kind::Organization, _) => format!("{ZKG}{}", crate::extract::org_class(label).unwrap_or("Organization")),
        _ => format!("{ZKG}{}", kind.class_name()),
    }
}

/// Builds the article graphs: terms go into each graph's table once.
struct Sink {
    per: Vec<ArticleGraph>,
    seen: Vec<rustc_hash::FxHashSet<Stmt>>,
    /// the spans that name a mention already, per article
    spans: rustc_hash::FxHashSet<(usize, OrigSpan)>,
}

/// An object before it is put in a graph's table.
enum O<'a> {
    Iri(&'a str),
    Zh(&'a str),
    Plain(&'a str),
    Typed(&'a str, &'static str),
}

impl Sink {
    fn add(&mut self, a: usize, s: &str, p: &str, o: O) {
        let g = &mut self.per[a];
        let (s, p) = (g.term(s), g.term(p));
        let o = match o {
            O::Iri(i) => Obj::Iri(g.term(i)),
            O::Zh(v) => {
                let v = g.term(&clean_literal(v));
                Obj::Lit(v, Lit::Lang(g.term("zh")))
            }
            O::Plain(v) => Obj::Lit(g.term(&clean_literal(v)), Lit::Plain),
            O::Typed(v, dt) => {
                let v = g.term(v);
                Obj::Lit(v, Lit::Typed(g.term(dt)))
            }
        };
        g.push(s, p, o, &mut self.seen[a]);
    }

    /// The provenance shared by mentions and reified statements: the
    /// sentence (a node named by its span) and the rule (a node stating its
    /// confidence once per article graph). The article and the span are in
    /// the node's own IRI (`<article>#char=start,end`).
    fn provenance(&mut self, node: &str, p: &Prov, article_iri: &str) {
        let a = p.article;
        self.add(a, node, SENTENCE, O::Iri(&char_iri(article_iri, p.sentence)));
        let rule = format!("{RULE_PREFIX}{}", rule_local(p.rule));
        self.add(a, node, RULE, O::Iri(&rule));
        self.add(a, &rule, RDF_TYPE, O::Iri(RULE_CLASS));
        self.add(a, &rule, RDFS_LABEL, O::Plain(p.rule));
        self.add(a, &rule, CONFIDENCE, O::Typed(&dec(p.confidence), XSD_DECIMAL));
    }

    /// The IRI of a mention: its span in the article, and the node's kind
    /// after it when another mention of the article has the same span.
    fn mention_iri(&mut self, article_iri: &str, p: &Prov, slug: &str) -> String {
        let iri = char_iri(article_iri, p.span);
        if self.spans.insert((p.article, p.span)) {
            iri
        } else {
            format!("{iri}&{slug}")
        }
    }
}

fn dec(f: f32) -> String {
    format!("{:.2}", f)
}

/// The statements of every article of a graph, one named graph each.
/// Statements come in the order they are generated (articles, then each
/// node's facts and mentions, then each edge with its reified statements),
/// the facts before the provenance ([`ArticleGraph::facts_first`]); the
/// first occurrence wins, so a graph of one article depends on that article
/// alone.
pub fn article_graphs(kg: &KnowledgeGraph) -> Vec<ArticleGraph> {
    let mut sink = Sink { per: kg.articles.iter().map(|a| ArticleGraph::new(&a.iri)).collect(), seen: vec![Default::default(); kg.articles.len()], spans: Default::default() };
    for ai in 0..kg.articles.len() {
        sink.article(kg, ai);
    }
    for node in &kg.nodes {
        for ai in node.articles() {
            match &node.data {
                NodeData::Entity { zone_class, known_aliases, .. } => sink.entity(kg, ai, node, *zone_class, known_aliases),
                NodeData::Position { title } => {
                    sink.add(ai, &node.iri, RDF_TYPE, O::Iri(POSITION));
                    sink.add(ai, &node.iri, TITLE, O::Zh(title));
                    sink.add(ai, &node.iri, RDFS_LABEL, O::Zh(title));
                }
                NodeData::Observation(f) => sink.observation(ai, &node.iri, f),
            }
        }
        sink.mentions(kg, node);
    }
    for e in &kg.edges {
        sink.edge(kg, e);
    }
    for g in &mut sink.per {
        g.facts_first();
    }
    sink.per
}

impl Sink {
    fn article(&mut self, kg: &KnowledgeGraph, ai: usize) {
        let a = &kg.articles[ai];
        self.add(ai, &a.iri, RDF_TYPE, O::Iri(ARTICLE));
        self.add(ai, &a.iri, DC_TITLE, O::Zh(&a.title));
        self.add(ai, &a.iri, DC_IDENTIFIER, O::Plain(&a.id));
        self.add(ai, &a.iri, SOURCE, O::Plain(&a.source));
        self.add(ai, &a.iri, TEXT, O::Zh(&a.text));
        if let Some(d) = &a.date {
            self.add(ai, &a.iri, DATELINE, O::Plain(d));
        }
        for c in &a.creators {
            self.add(ai, &a.iri, DC_CREATOR, O::Iri(&kg.nodes[*c].iri));
        }
    }

    /// An entity's types, labels and the article's `zkg:mentions` of it.
    fn entity(&mut self, kg: &KnowledgeGraph, ai: usize, node: &Node, zone_class: Option<ZoneClass>, known_aliases: &[String]) {
        // the types this article gave it, and their core classes, so queries need no inference
        for kind in node.kinds.get(&ai).into_iter().flatten() {
            self.add(ai, &node.iri, RDF_TYPE, O::Iri(&class_iri(*kind, zone_class, &node.label)));
            let core = match kind {
                Kind::Company => Some(ORGANIZATION_CLASS),
                Kind::Zone if zone_class.is_some() => Some(ZONE_CLASS),
                Kind::Organization if crate::extract::org_class(&node.label).is_some() => Some(ORGANIZATION_CLASS),
                _ => None,
            };
            if let Some(c) = core {
                self.add(ai, &node.iri, RDF_TYPE, O::Iri(c));
            }
        }
        self.add(ai, &node.iri, RDFS_LABEL, O::Zh(&node.label));
        let mut names: BTreeSet<&String> = node.names.get(&ai).map(|s| s.iter().collect()).unwrap_or_default();
        names.extend(known_aliases.iter());
        for name in names {
            if name != &node.label {
                self.add(ai, &node.iri, SKOS_ALT, O::Zh(name));
            }
        }
        self.add(ai, &kg.articles[ai].iri, MENTIONS, O::Iri(&node.iri));
    }

    fn observation(&mut self, ai: usize, iri: &str, f: &Figure) {
        self.add(ai, iri, RDF_TYPE, O::Iri(OBSERVATION));
        self.add(ai, iri, INDICATOR, O::Zh(&f.indicator));
        let fields: [(&str, &Option<String>, bool); 6] =
            [(VALUE, &f.value, true), (UNIT, &f.unit, false), (GROWTH, &f.growth, true), (PERIOD, &f.period, false), (QUALIFIER, &f.qualifier, false), (SHARE, &f.share, true)];
        for (p, v, decimal) in fields {
            if let Some(v) = v {
                self.add(ai, iri, p, if decimal { O::Typed(v, XSD_DECIMAL) } else { O::Plain(v) });
            }
        }
    }

    /// Provenance: one mention node per span.
    fn mentions(&mut self, kg: &KnowledgeGraph, node: &Node) {
        let slug = node.data.class().slug;
        for p in &node.prov {
            let a = &kg.articles[p.article];
            let m = self.mention_iri(&a.iri, p, slug);
            self.add(p.article, &m, REFERS_TO, O::Iri(&node.iri));
            self.provenance(&m, p, &a.iri);
            // how it joined its entity, when it took more than the same name
            if p.resolution != "same-name" {
                self.add(p.article, &m, RESOLUTION, O::Plain(p.resolution));
            }
        }
    }

    /// An edge in every article that supports it, and a reified statement per supporting span.
    fn edge(&mut self, kg: &KnowledgeGraph, e: &Edge) {
        let (s, o) = (&kg.nodes[e.from].iri, &kg.nodes[e.to].iri);
        let pred = format!("{ZKG}{}", e.kind.local());
        let arts: BTreeSet<usize> = e.prov.iter().map(|p| p.article).collect();
        for &ai in &arts {
            self.add(ai, s, &pred, O::Iri(o));
        }
        if matches!(e.kind, EdgeKind::Rel(_)) {
            for p in &e.prov {
                let a = &kg.articles[p.article];
                // the span, and which relation (a span may support several)
                let st = format!("{}&r={}", char_iri(&a.iri, p.span), &short_hash(&format!("{s}|{pred}|{o}"))[..8]);
                self.add(p.article, &st, RDF_SUBJECT, O::Iri(s));
                self.add(p.article, &st, RDF_PREDICATE, O::Iri(&pred));
                self.add(p.article, &st, RDF_OBJECT, O::Iri(o));
                self.provenance(&st, p, &a.iri);
            }
        }
    }
}

/// One article's statements: resolves its extraction and maps it.
pub fn graph_of_article(a: &crate::text::Article, ex: &crate::extract::Extraction) -> ArticleGraph {
    let mut kg = KnowledgeGraph::new();
    super::add_article(&mut kg, a, ex);
    article_graphs(&kg).pop().unwrap_or_default()
}

/// A rule's local name: its name as written when that is a plain dotted
/// name (`zone.lexicon`, which IRIs, SPARQL and Turtle take as it is),
/// else the name percent-encoded.
fn rule_local(name: &str) -> std::borrow::Cow<'_, str> {
    let plain = !name.is_empty() && name.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
    if plain {
        name.into()
    } else {
        slug(name).into()
    }
}

#[cfg(test)]
mod tests {
    use super::rule_local;

    #[test]
    fn rule_names_are_kept_when_plain_and_encoded_otherwise() {
        assert_eq!(rule_local("zone.lexicon"), "zone.lexicon");
        assert_eq!(rule_local("issuedBy.subject_zone"), "issuedBy.subject_zone");
        // a dot at either end or doubled, and anything else, is encoded
        assert_eq!(rule_local("zone."), "zone%2E");
        assert_eq!(rule_local("a..b"), "a%2E%2Eb");
        assert_eq!(rule_local("规则 x"), "规则%20x");
        assert_eq!(rule_local(""), "_");
    }
}
