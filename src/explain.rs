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
    /// the articles that state anything of it
    pub articles: usize,
    /// the articles whose evidence is in `evidence` (the first by id)
    pub articles_shown: usize,
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
    let rows = select(store, &format!("SELECT DISTINCT ?e WHERE {{ ?e rdfs:label|skos:altLabel ?n . FILTER(STR(?n) = \"{}\" || STR(?n) = \"{}\") }} ORDER BY ?e", esc(q), esc(&folded)))?;
    Ok(rows.iter().map(|r| lit(r.get("e"))).collect())
}

/// How many articles' evidence `explain` shows unless told otherwise.
pub const DEFAULT_MAX_ARTICLES: usize = 50;

/// Explains from a store folder without loading it: the label statements
/// that carry the name find the entities; every fact that names an entity
/// gives its classes, aliases and articles; then the whole graphs (with
/// provenance) of its first articles by id give the evidence, entity after
/// entity, `max_articles` in all (0: all). Each step reads the files for lines that contain a needle,
/// so the time grows with the store's size on disk, not with what a full
/// load would cost.
pub fn explain_store(dir: &StoreDir, name_or_iri: &str, max_articles: usize) -> Result<Vec<Explanation>, StoreError> {
    use crate::model::vocab::iri::{RDFS_LABEL, SKOS_ALT};
    let new_store = || Store::new().map_err(|e| StoreError::Load { path: dir.path.display().to_string(), message: e.to_string() });
    let q = name_or_iri.trim();
    let iris = if q.starts_with("http://") || q.starts_with("https://") {
        vec![q.to_string()]
    } else {
        let folded: String = q.chars().map(crate::text::fold_char).collect();
        let needles: Vec<Vec<u8>> = [q, folded.as_str()]
            .iter()
            .map(|n| {
                let mut v = Vec::new();
                crate::export::rdf::quoted(&mut v, n);
                v
            })
            .collect();
        let preds = [format!("> <{RDFS_LABEL}> "), format!("> <{SKOS_ALT}> ")];
        let needles: Vec<memchr::memmem::Finder> = needles.iter().map(|n| memchr::memmem::Finder::new(n).into_owned()).collect();
        let preds: Vec<memchr::memmem::Finder> = preds.iter().map(|n| memchr::memmem::Finder::new(n.as_bytes()).into_owned()).collect();
        let names = new_store()?;
        for (id, lines) in dir.matching_lines(false, &|l| needles.iter().any(|n| n.find(l).is_some()) && preds.iter().any(|p| p.find(l).is_some()))? {
            dir.add_lines(&names, &id, &lines)?;
        }
        find(&names, q)?
    };
    if iris.is_empty() {
        return Ok(Vec::new());
    }
    // one reading of the store for the lines that name any of them, sorted out by entity
    let needles: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    let ac = aho_corasick::AhoCorasick::new(&needles).map_err(|e| StoreError::Eval(e.to_string()))?;
    let mut per_entity: Vec<Vec<(String, Vec<u8>)>> = vec![Vec::new(); iris.len()];
    for (id, lines) in dir.matching_lines(false, &|l| ac.is_match(l))? {
        let mut mine: Vec<Vec<u8>> = vec![Vec::new(); iris.len()];
        for line in lines.split_inclusive(|&b| b == b'\n') {
            for m in ac.find_overlapping_iter(line) {
                let v = &mut mine[m.pattern().as_usize()];
                // a line naming an entity twice (a relation to itself) once
                if !v.ends_with(line) {
                    v.extend_from_slice(line);
                }
            }
        }
        for (i, v) in mine.into_iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            per_entity[i].push((id.clone(), v));
        }
    }
    // the evidence of the first articles, entity by entity, up to max_articles in all
    let mut budget = if max_articles == 0 { usize::MAX } else { max_articles };
    let mut out = Vec::new();
    for (iri, lines) in iris.iter().zip(per_entity) {
        let st = new_store()?;
        for (id, l) in &lines {
            dir.add_lines(&st, id, l)?;
        }
        if find(&st, iri)?.is_empty() {
            continue;
        }
        let ids: Vec<String> = lines.into_iter().map(|(id, _)| id).collect();
        let shown = ids.len().min(budget);
        budget -= shown;
        dir.add_articles(&st, &ids[..shown])?;
        out.push(Explanation { articles: ids.len(), articles_shown: shown, ..explain_iri(&st, iri)? });
    }
    Ok(out)
}

/// Explains every entity that `name_or_iri` names.
pub fn explain(store: &Store, name_or_iri: &str) -> Result<Vec<Explanation>, StoreError> {
    let mut out = Vec::new();
    for iri in find(store, name_or_iri)? {
        out.push(explain_iri(store, &iri)?);
    }
    Ok(out)
}

/// The provenance of a mention or statement `?m`: its sentence and rule.
/// Its article is the part of its IRI before `#char=`, and the spans are
/// read from the IRIs; labels and articles' texts are looked up once each
/// ([`Lookup`]), not joined into every row: each article graph states them
/// again, so a join would multiply the rows by the number of articles.
const PROV: &str = "?m zkg:sentence ?sn ; zkg:rule ?r .";

/// Labels and article titles and texts, each asked of the store once.
struct Lookup<'a> {
    store: &'a Store,
    labels: std::cell::RefCell<HashMap<String, String>>,
    articles: std::cell::RefCell<HashMap<String, (String, String)>>,
    rules: std::cell::RefCell<HashMap<String, (String, f64)>>,
}

impl<'a> Lookup<'a> {
    fn new(store: &'a Store) -> Self {
        Lookup { store, labels: Default::default(), articles: Default::default(), rules: Default::default() }
    }

    /// The first row of a query about `iri`, made into a value once per IRI.
    fn once<T: Clone>(&self, cache: &std::cell::RefCell<HashMap<String, T>>, iri: &str, query: impl FnOnce() -> String, make: impl Fn(Option<&HashMap<String, Term>>) -> T) -> Result<T, StoreError> {
        if let Some(v) = cache.borrow().get(iri) {
            return Ok(v.clone());
        }
        let v = make(select(self.store, &query())?.first());
        cache.borrow_mut().insert(iri.to_string(), v.clone());
        Ok(v)
    }

    /// The label of a node (its IRI if it has none; empty for no node).
    fn label(&self, t: Option<&Term>) -> Result<String, StoreError> {
        let iri = lit(t);
        if iri.is_empty() {
            return Ok(iri);
        }
        let q = || format!("SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }} ORDER BY ?l LIMIT 1");
        self.once(&self.labels, &iri, q, |r| r.map(|r| lit(r.get("l"))).unwrap_or_else(|| iri.clone()))
    }

    /// An article's title and text.
    fn article(&self, iri: &str) -> Result<(String, String), StoreError> {
        let q = || format!("SELECT ?title ?text WHERE {{ <{iri}> dcterms:title ?title ; zkg:text ?text }} LIMIT 1");
        self.once(&self.articles, iri, q, |r| r.map(|r| (lit(r.get("title")), lit(r.get("text")))).unwrap_or_default())
    }

    /// A rule's name and confidence.
    fn rule(&self, t: Option<&Term>) -> Result<(String, f64), StoreError> {
        let iri = lit(t);
        let q = || format!("SELECT ?l ?c WHERE {{ <{iri}> rdfs:label ?l ; zkg:confidence ?c }} LIMIT 1");
        self.once(&self.rules, &iri, q, |r| r.map(|r| (lit(r.get("l")), lit(r.get("c")).parse().unwrap_or(0.0))).unwrap_or_default())
    }

    /// The evidence of each row of a query (with `PROV`), by article title and span.
    fn evidence(&self, query: &str, statement: impl Fn(&HashMap<String, Term>) -> Result<String, StoreError>) -> Result<Vec<Evidence>, StoreError> {
        let mut ev = Vec::new();
        for r in select(self.store, query)? {
            let m = lit(r.get("m"));
            let Some((article, span)) = parse_char_iri(&m) else { continue };
            let sentence = parse_char_iri(&lit(r.get("sn"))).map(|(_, s)| s).unwrap_or(span);
            let (title, text) = self.article(article)?;
            let (rule, confidence) = self.rule(r.get("r"))?;
            let (s, e) = (span.start, span.end);
            ev.push(Evidence {
                statement: statement(&r)?,
                article: article.to_string(),
                article_title: title,
                sentence: mark(&text, sentence.start, sentence.end, s, e),
                span: text.chars().skip(s).take(e.saturating_sub(s)).collect(),
                start: s,
                end: e,
                rule,
                confidence,
            });
        }
        ev.sort_by(|x, y| (&x.article_title, &x.article, x.start, x.end, &x.statement).cmp(&(&y.article_title, &y.article, y.start, y.end, &y.statement)));
        Ok(ev)
    }
}

fn explain_iri(store: &Store, iri: &str) -> Result<Explanation, StoreError> {
    let look = Lookup::new(store);
    let node = Term::NamedNode(oxigraph::model::NamedNode::new_unchecked(iri));
    let label = look.label(Some(&node))?;
    let classes: Vec<String> = select(store, &format!("SELECT DISTINCT ?c WHERE {{ <{iri}> a ?c }} ORDER BY ?c"))?.iter().map(|r| short(&lit(r.get("c")))).collect();
    let aliases: Vec<String> = select(store, &format!("SELECT DISTINCT ?n WHERE {{ <{iri}> skos:altLabel ?n }} ORDER BY ?n"))?.iter().map(|r| lit(r.get("n"))).collect();
    let mut ev = Vec::new();
    // the entity itself: every span that names it
    let class_list = classes.join(", ");
    ev.extend(look.evidence(&format!("SELECT DISTINCT * WHERE {{ ?m zkg:refersTo <{iri}> . {PROV} }}"), |_| Ok(format!("{label} a {class_list}")))?);
    // relations from or to it
    ev.extend(look.evidence(&format!("SELECT DISTINCT * WHERE {{ ?m rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?y . FILTER(?x = <{iri}> || ?y = <{iri}>) {PROV} }}"), |r| {
        Ok(format!("{} {} {}", look.label(r.get("x"))?, short(&lit(r.get("p"))), look.label(r.get("y"))?))
    })?);
    // posts held by it or in it
    ev.extend(look.evidence(
        &format!(
            "SELECT DISTINCT * WHERE {{ ?pos a zkg:Position ; zkg:holder ?h ; zkg:title ?t . OPTIONAL {{ ?pos zkg:organization ?o }} \
             FILTER(?h = <{iri}> || ?o = <{iri}>) ?m zkg:refersTo ?pos . {PROV} }}"
        ),
        |r| {
            let (holder, body) = (look.label(r.get("h"))?, look.label(r.get("o"))?);
            Ok(if body.is_empty() { format!("{holder} holds {}", lit(r.get("t"))) } else { format!("{holder} holds {} in {body}", lit(r.get("t"))) })
        },
    )?);
    // figures reported for it
    ev.extend(look.evidence(
        &format!(
            "SELECT DISTINCT * WHERE {{ ?o a zkg:Observation ; zkg:observedFor <{iri}> . OPTIONAL {{ ?o zkg:indicator ?ind }} OPTIONAL {{ ?o zkg:value ?v }} \
             OPTIONAL {{ ?o zkg:unit ?u }} OPTIONAL {{ ?o zkg:growthRate ?g }} ?m zkg:refersTo ?o . {PROV} }}"
        ),
        |r| {
            let mut s = format!("{label} {} {}{}", lit(r.get("ind")), lit(r.get("v")), lit(r.get("u")));
            let g = lit(r.get("g"));
            if !g.is_empty() {
                s.push_str(&format!(", growth {g}%"));
            }
            Ok(s)
        },
    )?);
    let articles = select(store, &format!("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }} }}"))?;
    let articles = articles.first().and_then(|r| lit(r.get("n")).parse().ok()).unwrap_or(0);
    Ok(Explanation { iri: iri.to_string(), label, classes, aliases, evidence: ev, articles, articles_shown: articles })
}

/// Plain-text rendering for a terminal.
pub fn render(ex: &[Explanation]) -> String {
    let mut s = String::new();
    for e in ex {
        s.push_str(&format!("{}  <{}>\n  classes: {}\n", e.label, e.iri, e.classes.join(", ")));
        if !e.aliases.is_empty() {
            s.push_str(&format!("  also: {}\n", e.aliases.join(", ")));
        }
        if e.articles_shown < e.articles {
            s.push_str(&format!("  evidence from {} of its {} articles (--max-articles 0 for all)\n", e.articles_shown, e.articles));
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
