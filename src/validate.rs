//! Validation of a graph against the SHACL shapes in `ontology/shapes.ttl`.
//!
//! zonekg checks the SHACL Core subset its shapes are written in: node shapes
//! with `sh:targetClass` and `sh:class`; property shapes with a predicate
//! `sh:path`, `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:class`,
//! `sh:nodeKind sh:IRI`; and `sh:or` of property shapes. pyshacl and Jena
//! check the same shapes in CI.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;
use std::collections::BTreeSet;
use std::path::Path;

const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_LANGSTRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// The shapes that ship with zonekg.
pub const SHAPES_TTL: &str = include_str!("../ontology/shapes.ttl");

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("{path}: cannot tell the RDF format from the extension (use .ttl .nt .nq .trig .rdf .jsonld)")]
    Format { path: String },
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("shapes: {0}")]
    Shapes(String),
}

#[derive(Debug, Clone)]
struct PropShape {
    path: NamedNode,
    min: Option<usize>,
    max: Option<usize>,
    datatype: Option<NamedNode>,
    class: Option<NamedNode>,
    iri_only: bool,
    message: Option<String>,
}

#[derive(Debug, Clone)]
struct NodeShape {
    name: String,
    targets: Vec<NamedNode>,
    class: Option<NamedNode>,
    props: Vec<PropShape>,
    or: Vec<Vec<PropShape>>,
    message: Option<String>,
}

/// Parsed shapes.
#[derive(Debug, Clone)]
pub struct Shapes {
    shapes: Vec<NodeShape>,
}

/// One violation, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    pub focus: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.focus, self.message)
    }
}

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

fn objects(store: &Store, s: NamedOrBlankNodeRef<'_>, p: &NamedNode) -> Vec<Term> {
    let mut v: Vec<Term> = store.quads_for_pattern(Some(s), Some(p.as_ref()), None, None).filter_map(|q| q.ok()).map(|q| q.object).collect();
    v.sort_by_key(|t| t.to_string());
    v.dedup();
    v
}

fn as_node(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

fn first_usize(store: &Store, s: NamedOrBlankNodeRef<'_>, p: &str) -> Option<usize> {
    objects(store, s, &sh(p)).into_iter().find_map(|t| match t {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    })
}

fn first_iri(store: &Store, s: NamedOrBlankNodeRef<'_>, p: &str) -> Option<NamedNode> {
    objects(store, s, &sh(p)).into_iter().find_map(|t| match t {
        Term::NamedNode(n) => Some(n),
        _ => None,
    })
}

fn first_text(store: &Store, s: NamedOrBlankNodeRef<'_>, p: &str) -> Option<String> {
    objects(store, s, &sh(p)).into_iter().find_map(|t| match t {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    })
}

fn prop_shape(store: &Store, s: NamedOrBlankNodeRef<'_>) -> Result<PropShape, ValidateError> {
    let path = first_iri(store, s, "path").ok_or_else(|| ValidateError::Shapes(format!("property shape {s} has no predicate sh:path")))?;
    Ok(PropShape {
        path,
        min: first_usize(store, s, "minCount"),
        max: first_usize(store, s, "maxCount"),
        datatype: first_iri(store, s, "datatype"),
        class: first_iri(store, s, "class"),
        iri_only: first_iri(store, s, "nodeKind").map(|n| n.as_str() == format!("{SH}IRI")).unwrap_or(false),
        message: first_text(store, s, "message"),
    })
}

fn list(store: &Store, head: &Term) -> Vec<Term> {
    let mut out = Vec::new();
    let mut cur = head.clone();
    let first = NamedNode::new_unchecked(RDF_FIRST);
    let rest = NamedNode::new_unchecked(RDF_REST);
    for _ in 0..1000 {
        let Some(n) = as_node(&cur) else { break };
        if let Some(x) = objects(store, n.as_ref(), &first).into_iter().next() {
            out.push(x);
        }
        match objects(store, n.as_ref(), &rest).into_iter().next() {
            Some(Term::NamedNode(nil)) if nil.as_str().ends_with("#nil") => break,
            Some(next) => cur = next,
            None => break,
        }
    }
    out
}

impl Shapes {
    /// Parses shapes from Turtle.
    pub fn parse(ttl: &str) -> Result<Shapes, ValidateError> {
        let store = Store::new().map_err(|e| ValidateError::Shapes(e.to_string()))?;
        store.load_from_slice(RdfFormat::Turtle, ttl.as_bytes()).map_err(|e| ValidateError::Shapes(e.to_string()))?;
        let node_shape = sh("NodeShape");
        let ty = NamedNode::new_unchecked(RDF_TYPE);
        let mut shapes = Vec::new();
        let subjects: Vec<NamedOrBlankNode> = store.quads_for_pattern(None, Some(ty.as_ref()), Some(node_shape.as_ref().into()), None).filter_map(|q| q.ok()).map(|q| q.subject).collect();
        for s in subjects {
            let targets = objects(&store, s.as_ref(), &sh("targetClass")).into_iter().filter_map(|t| if let Term::NamedNode(n) = t { Some(n) } else { None }).collect();
            let mut props = Vec::new();
            for p in objects(&store, s.as_ref(), &sh("property")) {
                if let Some(n) = as_node(&p) {
                    props.push(prop_shape(&store, n.as_ref())?);
                }
            }
            let mut or = Vec::new();
            for head in objects(&store, s.as_ref(), &sh("or")) {
                let mut alts = Vec::new();
                for m in list(&store, &head) {
                    if let Some(n) = as_node(&m) {
                        alts.push(prop_shape(&store, n.as_ref())?);
                    }
                }
                or.push(alts);
            }
            shapes.push(NodeShape { name: s.to_string(), targets, class: first_iri(&store, s.as_ref(), "class"), props, or, message: first_text(&store, s.as_ref(), "message") });
        }
        shapes.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Shapes { shapes })
    }

    /// The shapes that ship with zonekg.
    pub fn builtin() -> Shapes {
        Shapes::parse(SHAPES_TTL).expect("built-in shapes parse")
    }

    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

/// Loads an RDF file into a store (the format from its extension).
pub fn load_file(path: &Path) -> Result<Store, ValidateError> {
    let p = path.display().to_string();
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    let format = RdfFormat::from_extension(&ext).ok_or(ValidateError::Format { path: p.clone() })?;
    let store = Store::new().map_err(|e| ValidateError::Read { path: p.clone(), message: e.to_string() })?;
    let file = std::fs::File::open(path).map_err(|e| ValidateError::Read { path: p.clone(), message: e.to_string() })?;
    let parser = RdfParser::from_format(format).with_base_iri("file:///").map_err(|e| ValidateError::Read { path: p.clone(), message: e.to_string() })?;
    store.load_from_reader(parser, std::io::BufReader::new(file)).map_err(|e| ValidateError::Read { path: p.clone(), message: e.to_string() })?;
    Ok(store)
}

fn has_type(store: &Store, n: NamedOrBlankNodeRef<'_>, class: &NamedNode) -> bool {
    let ty = NamedNode::new_unchecked(RDF_TYPE);
    store.quads_for_pattern(Some(n), Some(ty.as_ref()), Some(class.as_ref().into()), None).next().is_some()
}

fn short(iri: &str) -> String {
    for (p, ns) in crate::model::vocab::PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            return format!("{p}:{local}");
        }
    }
    iri.to_string()
}

fn describe(store: &Store, n: NamedOrBlankNodeRef<'_>) -> String {
    let label = NamedNode::new_unchecked(RDFS_LABEL);
    let name = objects(store, n, &label).into_iter().find_map(|t| if let Term::Literal(l) = t { Some(l.value().to_string()) } else { None });
    match name {
        Some(l) => format!("{l} <{}>", n.to_string().trim_matches(['<', '>'])),
        None => n.to_string(),
    }
}

/// Problems of one property shape at one focus node (empty: conforms).
fn check_prop(store: &Store, focus: NamedOrBlankNodeRef<'_>, p: &PropShape) -> Vec<String> {
    let values = objects(store, focus, &p.path);
    let path = short(p.path.as_str());
    let mut out = Vec::new();
    let why = p.message.as_ref().map(|m| format!(" ({m})")).unwrap_or_default();
    if let Some(min) = p.min {
        if values.len() < min {
            out.push(format!("has {} value(s) of {path}, needs at least {min}{why}", values.len()));
        }
    }
    if let Some(max) = p.max {
        if values.len() > max {
            out.push(format!("has {} values of {path}, allows at most {max}{why}", values.len()));
        }
    }
    for v in &values {
        if let Some(dt) = &p.datatype {
            let ok = match v {
                Term::Literal(l) => {
                    if dt.as_str() == RDF_LANGSTRING {
                        l.language().is_some()
                    } else {
                        l.datatype() == dt.as_ref() && literal_is_valid(l.value(), dt.as_ref())
                    }
                }
                _ => false,
            };
            if !ok {
                out.push(format!("{path} value {v} is not a {}{why}", short(dt.as_str())));
            }
        }
        if p.iri_only && !matches!(v, Term::NamedNode(_)) {
            out.push(format!("{path} value {v} is not an IRI{why}"));
        }
        if let Some(c) = &p.class {
            let ok = as_node(v).map(|n| has_type(store, n.as_ref(), c)).unwrap_or(false);
            if !ok {
                out.push(format!("{path} value {v} is not a {}{why}", short(c.as_str())));
            }
        }
    }
    out
}

fn literal_is_valid(value: &str, dt: NamedNodeRef<'_>) -> bool {
    match dt.as_str().rsplit('#').next().unwrap_or("") {
        "integer" => value.parse::<i64>().is_ok(),
        "decimal" => {
            let v = value.strip_prefix(['-', '+']).unwrap_or(value);
            !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.') && v.matches('.').count() <= 1 && v != "."
        }
        _ => true,
    }
}

/// Checks every focus node of every shape; violations sorted.
pub fn validate(store: &Store, shapes: &Shapes) -> Vec<Violation> {
    let mut out = BTreeSet::new();
    let ty = NamedNode::new_unchecked(RDF_TYPE);
    for shape in &shapes.shapes {
        for target in &shape.targets {
            let mut focus: Vec<NamedOrBlankNode> = store.quads_for_pattern(None, Some(ty.as_ref()), Some(target.as_ref().into()), None).filter_map(|q| q.ok()).map(|q| q.subject).collect();
            focus.sort_by_key(|f| f.to_string());
            focus.dedup();
            for f in focus {
                let who = format!("{} (a {})", describe(store, f.as_ref()), short(target.as_str()));
                if let Some(c) = &shape.class {
                    if !has_type(store, f.as_ref(), c) {
                        out.insert(Violation { focus: who.clone(), message: format!("is not also a {}", short(c.as_str())) });
                    }
                }
                for p in &shape.props {
                    for m in check_prop(store, f.as_ref(), p) {
                        out.insert(Violation { focus: who.clone(), message: m });
                    }
                }
                for alts in &shape.or {
                    if !alts.iter().any(|p| check_prop(store, f.as_ref(), p).is_empty()) {
                        let paths: Vec<String> = alts.iter().map(|p| short(p.path.as_str())).collect();
                        let why = shape.message.as_ref().map(|m| format!(" ({m})")).unwrap_or_default();
                        out.insert(Violation { focus: who.clone(), message: format!("satisfies none of: {}{why}", paths.join(" or ")) });
                    }
                }
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_shapes_parse() {
        let s = Shapes::builtin();
        assert!(s.len() >= 14, "{}", s.len());
    }

    #[test]
    fn hand_broken_graph_does_not_conform() {
        let ttl = r#"@prefix zkg: <https://w3id.org/zonekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://x/p> a zkg:Position ; zkg:title "主任"@zh .
<http://x/o> a zkg:Observation ; zkg:observedFor <http://x/z> ; zkg:unit "亿元" .
<http://x/z> a zkg:Zone ; rdfs:label "甲"@zh , "乙"@zh .
<http://x/c> a zkg:Company ; rdfs:label "丙公司" .
"#;
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::Turtle, ttl.as_bytes()).unwrap();
        let v = validate(&store, &Shapes::builtin());
        let text: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        let has = |s: &str| text.iter().any(|t| t.contains(s));
        assert!(has("zkg:holder, needs at least 1"), "{text:#?}");
        assert!(has("satisfies none of: zkg:value or zkg:growthRate"), "{text:#?}");
        assert!(has("2 values of rdfs:label"), "{text:#?}");
        assert!(has("is not a rdf:langString"), "{text:#?}");
        assert!(has("is not also a zkg:Organization"), "{text:#?}");
    }

    #[test]
    fn a_good_graph_conforms() {
        let ttl = r#"@prefix zkg: <https://w3id.org/zonekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://x/p> a zkg:Position ; zkg:title "主任"@zh ; zkg:holder <http://x/h> .
<http://x/h> a zkg:Person ; rdfs:label "王明"@zh .
<http://x/o> a zkg:Observation ; zkg:observedFor <http://x/z> ; zkg:growthRate "2.5"^^xsd:decimal .
<http://x/z> a zkg:Zone ; rdfs:label "甲"@zh .
"#;
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::Turtle, ttl.as_bytes()).unwrap();
        assert_eq!(validate(&store, &Shapes::builtin()), vec![]);
    }
}
