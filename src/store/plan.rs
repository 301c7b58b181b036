//! What a query can see, so that loading the store for it can skip the
//! rest. A statement whose predicate no triple pattern of the query names
//! can match none of them, and so cannot change an answer; nor can an
//! `rdf:type` statement of a class the query never names, when every
//! `rdf:type` pattern has a constant class. Everything the query's algebra
//! leaves open (a variable predicate, a negated property set, a
//! zero-length path that matches every node, a dataset clause, DESCRIBE,
//! SERVICE, a query that does not parse) loads every statement. Whether
//! the provenance statements are needed too is [`needs_provenance`].

use crate::model::vocab::{iri::RDF_TYPE, PREFIXES};
use rustc_hash::FxHashSet;

/// The statements a load keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadPlan {
    /// provenance statements too (mentions, sentences, reified statements, rules)
    pub provenance: bool,
    /// the predicates whose statements are kept (None: any)
    pub predicates: Option<FxHashSet<String>>,
    /// the classes whose `rdf:type` statements are kept (None: any)
    pub classes: Option<FxHashSet<String>>,
}

impl LoadPlan {
    /// Every statement.
    pub fn everything() -> Self {
        LoadPlan { provenance: true, predicates: None, classes: None }
    }

    /// Every fact, no provenance.
    pub fn facts() -> Self {
        LoadPlan { provenance: false, predicates: None, classes: None }
    }

    /// The statements `query` can match (the query is parsed once, for
    /// both the provenance and the predicates).
    pub fn of_query(query: &str) -> Self {
        let parsed = parse(query);
        let provenance = names_provenance(query) || parsed.as_ref().is_none_or(sees_provenance);
        let open = LoadPlan { provenance, predicates: None, classes: None };
        let Some(q) = parsed else { return open };
        let dataset = match &q {
            spargebra::Query::Select { dataset, .. } | spargebra::Query::Construct { dataset, .. } | spargebra::Query::Ask { dataset, .. } => dataset.is_some(),
            spargebra::Query::Describe { .. } => return open,
        };
        let sse = q.to_sse();
        if dataset || ["notoneof", "(path* ", "(path? ", "(service "].iter().any(|w| sse.contains(w)) {
            return open;
        }
        let triples = triples(&sse);
        if triples.iter().any(|(_, p, _)| is_variable(p)) {
            return open;
        }
        let iris = iris_in(&sse);
        // classes only when every rdf:type in the query is a pattern's predicate with a constant class
        let ty = format!("<{RDF_TYPE}>");
        let typed = triples.iter().filter(|(_, p, o)| *p == ty && o.starts_with('<')).count();
        let classes = (sse.matches(ty.as_str()).count() == typed).then(|| iris.clone());
        LoadPlan { predicates: Some(iris), classes, ..open }
    }

    /// Whether nothing is skipped.
    pub fn is_everything(&self) -> bool {
        self.provenance && self.predicates.is_none()
    }

    /// Whether an N-Quads line (a fact or, when the plan has provenance, a
    /// provenance statement) is kept. A line it cannot read is kept: the
    /// parser then says what is wrong with it.
    pub fn keeps(&self, line: &[u8]) -> bool {
        let Some(preds) = &self.predicates else { return true };
        let Some((p, rest)) = predicate_of(line) else { return true };
        if !preds.contains(p) {
            return false;
        }
        match &self.classes {
            Some(classes) if p == RDF_TYPE => match iri_at(rest) {
                Some((o, _)) => classes.contains(o),
                None => true,
            },
            _ => true,
        }
    }
}

/// Whether answering a query needs the provenance statements (mentions,
/// sentences, reified statements), or the facts (rules included) suffice:
/// it does when it names a provenance term, or has a pattern that could
/// match one (a variable predicate, a negated property set), or is a
/// DESCRIBE. Errs on the side of loading everything.
pub fn needs_provenance(query: &str) -> bool {
    names_provenance(query) || parse(query).as_ref().is_none_or(sees_provenance)
}

/// Whether the query's text names a provenance term.
fn names_provenance(query: &str) -> bool {
    const PROV_WORDS: &[&str] = &[
        "refersTo",
        "sentence",
        "rule",
        "Mention",
        "Statement",
        "rdf:subject",
        "rdf:predicate",
        "rdf:object",
        "syntax-ns#subject",
        "syntax-ns#predicate",
        "syntax-ns#object",
        "resolution",
        "#char=",
        "DESCRIBE",
        "describe",
    ];
    PROV_WORDS.iter().any(|w| query.contains(w))
}

/// Whether a parsed query has a pattern that could match a provenance
/// statement: a variable predicate or a negated property set (in its SSE
/// form, with EXISTS patterns inside filters), or is a DESCRIBE.
fn sees_provenance(q: &spargebra::Query) -> bool {
    if matches!(q, spargebra::Query::Describe { .. }) {
        return true;
    }
    let sse = q.to_sse();
    sse.contains("notoneof") || triples(&sse).iter().any(|(_, p, _)| is_variable(p))
}

/// A query as spargebra reads it, with the prefixes every query knows.
fn parse(query: &str) -> Option<spargebra::Query> {
    let mut parser = spargebra::SparqlParser::new();
    for (p, iri) in PREFIXES {
        parser = parser.with_prefix(*p, *iri).ok()?;
    }
    parser.parse_query(query).ok()
}

fn is_variable(t: &str) -> bool {
    t.starts_with('?') || t.starts_with('$')
}

/// The subject, predicate and object tokens of every `(triple s p o)` in an
/// SSE form (a literal object may be cut at a space: only IRIs and
/// variables are read from it).
fn triples(sse: &str) -> Vec<(&str, &str, &str)> {
    sse.split("(triple ")
        .skip(1)
        .map(|t| {
            let mut it = t.split_whitespace();
            let mut next = || it.next().unwrap_or("").trim_end_matches(')');
            (next(), next(), next())
        })
        .collect()
}

/// Every IRI written in an SSE form (an over-approximation: one inside a
/// literal counts too, which only keeps more).
fn iris_in(sse: &str) -> FxHashSet<String> {
    let mut out = FxHashSet::default();
    let mut rest = sse;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        match rest.find('>') {
            Some(j) => {
                out.insert(rest[..j].to_string());
                rest = &rest[j + 1..];
            }
            None => break,
        }
    }
    out
}

/// An IRI in angle brackets at the start of `s`, and what follows its
/// closing bracket and one space.
fn iri_at(s: &[u8]) -> Option<(&str, &[u8])> {
    let rest = s.strip_prefix(b"<")?;
    let end = memchr::memchr(b'>', rest)?;
    let iri = std::str::from_utf8(&rest[..end]).ok()?;
    Some((iri, rest.get(end + 2..).unwrap_or_default()))
}

/// The predicate IRI of an N-Quads line, and what follows it.
fn predicate_of(line: &[u8]) -> Option<(&str, &[u8])> {
    let after_subject = if line.starts_with(b"<") {
        iri_at(line)?.1
    } else {
        // a blank node
        &line[memchr::memchr(b' ', line)? + 1..]
    };
    iri_at(after_subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARKS: &str = "SELECT DISTINCT ?zone ?park WHERE { ?p a zkg:Park ; zkg:partOf ?z ; rdfs:label ?park . ?z rdfs:label ?zone . } ORDER BY ?zone ?park";

    fn line(s: &str, p: &str, o: &str) -> Vec<u8> {
        format!("<{s}> <{p}> {o} <https://w3id.org/zonekg/id/article/a1> .\n").into_bytes()
    }

    #[test]
    fn a_query_keeps_the_predicates_and_classes_it_names() {
        let plan = LoadPlan::of_query(PARKS);
        assert!(!plan.provenance);
        let zkg = crate::model::vocab::ZKG;
        let park = line("https://w3id.org/zonekg/id/site/甲园", RDF_TYPE, &format!("<{zkg}Park>"));
        let zone = line("https://w3id.org/zonekg/id/zone/乙区", RDF_TYPE, &format!("<{zkg}Zone>"));
        let label = line("https://w3id.org/zonekg/id/zone/乙区", "http://www.w3.org/2000/01/rdf-schema#label", "\"乙区\"@zh");
        let part = line("https://w3id.org/zonekg/id/site/甲园", &format!("{zkg}partOf"), "<https://w3id.org/zonekg/id/zone/乙区>");
        let title = line("https://w3id.org/zonekg/id/article/a1", "http://purl.org/dc/terms/title", "\"题\"@zh");
        assert!(plan.keeps(&park) && plan.keeps(&label) && plan.keeps(&part));
        assert!(!plan.keeps(&zone) && !plan.keeps(&title));
        assert!(plan.keeps(b"not n-quads at all\n"), "what it cannot read goes to the parser");
    }

    #[test]
    fn open_patterns_keep_everything_they_could_match() {
        for q in [
            "SELECT * WHERE { ?s ?p ?o }",
            "SELECT * WHERE { ?s zkg:partOf* ?o }",
            "SELECT * WHERE { ?s zkg:partOf? ?o }",
            "SELECT * WHERE { ?s !rdfs:label ?o }",
            "SELECT * FROM <http://x> WHERE { ?s rdfs:label ?o }",
            "DESCRIBE <http://x>",
            "SELECT * WHERE { FILTER NOT EXISTS { ?s ?p ?o } }",
            "not sparql",
        ] {
            assert_eq!(LoadPlan::of_query(q).predicates, None, "{q}");
        }
        // a variable class keeps every rdf:type statement, but still only the predicates named
        let p = LoadPlan::of_query("SELECT * WHERE { ?s a ?c ; rdfs:label ?l }");
        assert_eq!(p.classes, None);
        assert!(p.predicates.is_some_and(|s| s.contains(RDF_TYPE)));
        // rdf:type inside a path: every rdf:type statement
        let p = LoadPlan::of_query("SELECT * WHERE { ?s a/rdfs:subClassOf+ zkg:Zone }");
        assert_eq!(p.classes, None);
        assert!(p.predicates.is_some());
        // a predicate inside EXISTS counts
        let p = LoadPlan::of_query("SELECT * WHERE { ?s rdfs:label ?l FILTER EXISTS { ?s zkg:partOf ?z } }");
        assert!(p.predicates.is_some_and(|s| s.contains(&format!("{}partOf", crate::model::vocab::ZKG))));
    }
}
