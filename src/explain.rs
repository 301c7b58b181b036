//! `explain`: every statement about an entity, each with the article it came
//! from, the sentence with the span marked, the rule and the confidence.
//! It reads the store through SPARQL, so it explains exactly what was exported.

use crate::model::span::parse_char_iri;
use crate::store::{select, StoreDir, StoreError};
use oxigraph::model::Term;
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::HashMap;

/// One piece of evidence for a statement.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    /// the statement in words: `SMC中国总部项目 zkg:investor SMC(中国)有限公司`
    pub statement: String,
    pub article: String,
    pub article_title: String,
    /// the sentence, with the span between 【 and 】
    pub sentence: String,
    /// the span's text
    pub span: String,
    pub start: usize,
    pub end: usize,
    pub rule: String,
    pub confidence: f64,
}

/// Everything known about one entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    pub iri: String,
    pub label: String,
    pub classes: Vec<String>,
    pub aliases: Vec<String>,
    pub evidence: Vec<Evidence>,
}

fn lit(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn short(iri: &str) -> String {
    for (p, ns) in crate::model::vocab::PREFIXES {
        if let Some(l) = iri.strip_prefix(ns) {
            return format!("{p}:{l}");
        }
    }
    iri.to_string()
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The sentence [ss, se) of `text` with [start, end) marked by 【】.
pub fn mark(text: &str, ss: usize, se: usize, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (ss, se) = (ss.min(chars.len()), se.min(chars.len()));
    let (start, end) = (start.clamp(ss, se), end.clamp(ss, se));
    let piece = |a: usize, b: usize| chars[a..b.max(a)].iter().collect::<String>().replace('\n', " ");
    format!("{}【{}】{}", piece(ss, start), piece(start, end), piece(end, se))
}

/// Finds entities by IRI, or by a label or alias (full-width and traditional
/// forms are folded as the extractors fold them).
pub fn find(store: &Store, name_or_iri: &str) -> Result<Vec<String>, StoreError> {
    let q = name_or_iri.trim();
    if q.starts_with("http://") || q.starts_with("https://") {
        let rows = select(store, &format!("SELECT DISTINCT ?e WHERE {{ BIND(<{q}> AS ?e) ?e ?p ?o }}"))?;
        return Ok(rows.iter().map(|r| lit(r.get("e"))).collect());
    }
    let folded: String = q.chars().map(crate::text::fold_char).collect();
    let rows = select(
        store,
        &format!(
            "SELECT DISTINCT ?e WHERE {{ ?e rdfs:label|skos:altLabel ?n . FILTER(STR(?n) = \"{}\" || STR(?n) = \"{}\") }} ORDER BY ?e",
            esc(q),
            esc(&folded)
        ),
    )?;
    Ok(rows.iter().map(|r| lit(r.get("e"))).collect())
}

/// Explains from a store folder without loading all of it: the facts of
/// every article first (a third of the statements), then the whole graphs
/// of the articles the entities appear in (the facts are the index: an
/// entity is in the graph of every article that says something of it).
pub fn explain_store(dir: &StoreDir, name_or_iri: &str) -> Result<Vec<Explanation>, StoreError> {
    let st = dir.load_facts()?;
    let mut ids = std::collections::BTreeSet::new();
    for e in find(&st, name_or_iri)? {
        let q = format!("SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{ {{ <{e}> ?p ?o }} UNION {{ ?s ?p <{e}> }} }} GRAPH ?g {{ ?g dcterms:identifier ?id }} }}");
        ids.extend(select(&st, &q)?.iter().map(|r| lit(r.get("id"))));
    }
    dir.add_articles(&st, &ids.into_iter().collect::<Vec<_>>())?;
    explain(&st, name_or_iri)
}

/// Explains every entity that `name_or_iri` names.
pub fn explain(store: &Store, name_or_iri: &str) -> Result<Vec<Explanation>, StoreError> {
    let mut out = Vec::new();
    for iri in find(store, name_or_iri)? {
        out.push(explain_iri(store, &iri)?);
    }
    Ok(out)
}

/// The provenance of a mention or statement `?m`: its sentence and rule,
/// and its article (named by the part of its IRI before `#char=`); the
/// spans are read from the IRIs.
const PROV: &str = "?m zkg:sentence ?sn ; zkg:rule ?r . ?r rdfs:label ?rule ; zkg:confidence ?conf . \
    BIND(IRI(STRBEFORE(STR(?m), \"#char=\")) AS ?a) ?a dcterms:title ?title ; zkg:text ?text .";

/// The evidence of each row, by article title and span.
fn evidence(rows: Vec<HashMap<String, Term>>, statement: impl Fn(&HashMap<String, Term>) -> String) -> Vec<Evidence> {
    let mut ev: Vec<Evidence> = rows
        .iter()
        .map(|r| {
            let text = lit(r.get("text"));
            let span = |k: &str| parse_char_iri(&lit(r.get(k))).map(|(_, s)| s).unwrap_or_default();
            let (m, sn) = (span("m"), span("sn"));
            let (s, e, ss, se) = (m.start, m.end, sn.start, sn.end);
            Evidence {
                statement: statement(r),
                article: lit(r.get("a")),
                article_title: lit(r.get("title")),
                sentence: mark(&text, ss, se, s, e),
                span: text.chars().skip(s).take(e.saturating_sub(s)).collect(),
                start: s,
                end: e,
                rule: lit(r.get("rule")),
                confidence: lit(r.get("conf")).parse().unwrap_or(0.0),
            }
        })
        .collect();
    // stable: rows of one span keep the query's order
    ev.sort_by(|x, y| (&x.article_title, x.start, x.end).cmp(&(&y.article_title, y.start, y.end)));
    ev
}

fn explain_iri(store: &Store, iri: &str) -> Result<Explanation, StoreError> {
    let head = select(store, &format!("SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }} LIMIT 1"))?;
    let label = head.first().map(|r| lit(r.get("l"))).unwrap_or_else(|| iri.to_string());
    let classes: Vec<String> = select(store, &format!("SELECT DISTINCT ?c WHERE {{ <{iri}> a ?c }} ORDER BY ?c"))?.iter().map(|r| short(&lit(r.get("c")))).collect();
    let aliases: Vec<String> = select(store, &format!("SELECT DISTINCT ?n WHERE {{ <{iri}> skos:altLabel ?n }} ORDER BY ?n"))?.iter().map(|r| lit(r.get("n"))).collect();
    let mut ev = Vec::new();
    // the entity itself: every span that names it
    let class_list = classes.join(", ");
    ev.extend(evidence(select(store, &format!("SELECT * WHERE {{ ?m zkg:refersTo <{iri}> . {PROV} }} ORDER BY ?title ?m"))?, |_| format!("{label} a {class_list}")));
    // relations from or to it
    ev.extend(evidence(
        select(
            store,
            &format!(
                "SELECT * WHERE {{ ?m rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?y . FILTER(?x = <{iri}> || ?y = <{iri}>) \
                 ?x rdfs:label ?xl . ?y rdfs:label ?yl . {PROV} }} ORDER BY ?title ?m"
            ),
        )?,
        |r| format!("{} {} {}", lit(r.get("xl")), short(&lit(r.get("p"))), lit(r.get("yl"))),
    ));
    // posts held by it or in it
    ev.extend(evidence(
        select(
            store,
            &format!(
                "SELECT * WHERE {{ ?pos a zkg:Position ; zkg:holder ?h ; zkg:title ?t . ?h rdfs:label ?hl . \
                 OPTIONAL {{ ?pos zkg:organization ?o . ?o rdfs:label ?ol }} FILTER(?h = <{iri}> || ?o = <{iri}>) \
                 ?m zkg:refersTo ?pos . {PROV} }} ORDER BY ?title ?m"
            ),
        )?,
        |r| {
            let body = lit(r.get("ol"));
            if body.is_empty() {
                format!("{} holds {}", lit(r.get("hl")), lit(r.get("t")))
            } else {
                format!("{} holds {} in {body}", lit(r.get("hl")), lit(r.get("t")))
            }
        },
    ));
    // figures reported for it
    ev.extend(evidence(
        select(
            store,
            &format!(
                "SELECT * WHERE {{ ?o a zkg:Observation ; zkg:observedFor <{iri}> . OPTIONAL {{ ?o zkg:indicator ?ind }} OPTIONAL {{ ?o zkg:value ?v }} \
                 OPTIONAL {{ ?o zkg:unit ?u }} OPTIONAL {{ ?o zkg:growthRate ?g }} ?m zkg:refersTo ?o . {PROV} }} ORDER BY ?title ?m"
            ),
        )?,
        |r| {
            let mut s = format!("{label} {} {}{}", lit(r.get("ind")), lit(r.get("v")), lit(r.get("u")));
            let g = lit(r.get("g"));
            if !g.is_empty() {
                s.push_str(&format!(", growth {g}%"));
            }
            s
        },
    ));
    Ok(Explanation { iri: iri.to_string(), label, classes, aliases, evidence: ev })
}

/// Plain-text rendering for a terminal.
pub fn render(ex: &[Explanation]) -> String {
    let mut s = String::new();
    for e in ex {
        s.push_str(&format!("{}  <{}>\n  classes: {}\n", e.label, e.iri, e.classes.join(", ")));
        if !e.aliases.is_empty() {
            s.push_str(&format!("  also: {}\n", e.aliases.join(", ")));
        }
        for v in &e.evidence {
            s.push_str(&format!(
                "\n  ● {}\n    {} <{}>\n    {}\n    rule {} · confidence {:.2} · chars {}–{}\n",
                v.statement, v.article_title, v.article, v.sentence, v.rule, v.confidence, v.start, v.end
            ));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_span_inside_its_sentence() {
        assert_eq!(mark("甲乙丙丁。戊己", 0, 5, 1, 3), "甲【乙丙】丁。");
        assert_eq!(mark("甲乙", 0, 9, 5, 7), "甲乙【】");
    }
}
