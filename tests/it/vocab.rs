//! The vocabulary reaches every place that names classes and relations: the
//! ontology file declares each entry with the same labels (and declares
//! nothing the vocabulary lacks), the extractors' kinds and relations are
//! its entries, the view, the palette and the Neo4j types read it, and the
//! shapes know every entity class.

use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::store::Store;
use std::collections::BTreeSet;
use zonekg::model::vocab::{self, Kind, Rel, ZoneClass, CLASSES, PROPERTIES, RELATIONS, ZKG};

fn ontology() -> Store {
    let st = Store::new().unwrap();
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/zonekg.ttl");
    st.load_from_reader(RdfFormat::Turtle, std::fs::File::open(f).unwrap()).unwrap();
    st
}

/// (zh, en) labels of a zkg term in the ontology.
fn labels(st: &Store, local: &str) -> (String, String) {
    let q = format!("SELECT ?l WHERE {{ <{ZKG}{local}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}");
    let (mut zh, mut en) = (String::new(), String::new());
    for l in zonekg::store::select(st, &q).unwrap() {
        if let Some(Term::Literal(l)) = l.get("l") {
            match l.language() {
                Some("zh") => zh = l.value().to_string(),
                Some("en") => en = l.value().to_string(),
                _ => {}
            }
        }
    }
    (zh, en)
}

fn declared(st: &Store, owl_type: &str) -> BTreeSet<String> {
    let q = format!("SELECT ?c WHERE {{ ?c a <http://www.w3.org/2002/07/owl#{owl_type}> FILTER(STRSTARTS(STR(?c), \"{ZKG}\")) }}");
    zonekg::store::select(st, &q)
        .unwrap()
        .iter()
        .filter_map(|r| match r.get("c") {
            Some(Term::NamedNode(n)) => n.as_str().strip_prefix(ZKG).map(str::to_string),
            _ => None,
        })
        .collect()
}

#[test]
fn the_ontology_file_declares_the_vocabulary_with_its_labels() {
    let st = ontology();
    for c in CLASSES {
        assert_eq!(labels(&st, c.local), (c.zh.to_string(), c.en.to_string()), "class {}", c.local);
        if let Some(parent) = c.parent {
            let q = format!("SELECT ?x WHERE {{ <{ZKG}{}> <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?x FILTER(?x = <{ZKG}{parent}>) }}", c.local);
            assert_eq!(zonekg::store::select(&st, &q).unwrap().len(), 1, "{} subClassOf {parent}", c.local);
        }
    }
    for r in RELATIONS {
        assert_eq!(labels(&st, r.local), (r.zh.to_string(), r.en.to_string()), "relation {}", r.local);
    }
    for p in PROPERTIES {
        assert_eq!(labels(&st, p.local), (p.zh.to_string(), p.en.to_string()), "property {}", p.local);
    }
    let classes: BTreeSet<String> = CLASSES.iter().map(|c| c.local.to_string()).collect();
    assert_eq!(declared(&st, "Class"), classes, "owl:Class in the ontology vs model::vocab::CLASSES");
    let rels: BTreeSet<String> = RELATIONS.iter().map(|r| r.local.to_string()).collect();
    assert_eq!(declared(&st, "ObjectProperty"), rels, "owl:ObjectProperty in the ontology vs model::vocab::RELATIONS");
    let props: BTreeSet<String> = PROPERTIES.iter().map(|p| p.local.to_string()).collect();
    assert_eq!(declared(&st, "DatatypeProperty"), props, "owl:DatatypeProperty in the ontology vs model::vocab::PROPERTIES");
}

#[test]
fn kinds_relations_and_zone_classes_are_vocabulary_entries() {
    for k in Kind::ALL {
        let c = k.class();
        assert!(c.entity && !c.slug.is_empty(), "{k:?}");
        assert_eq!(vocab::class_of(k.class_name()), Some(c));
    }
    for r in Rel::ALL {
        assert_eq!(vocab::relation_of(r.local()), Some(r.relation()));
        assert!(r.relation().edge);
    }
    for z in ["HighTechZone", "EconomicDevelopmentZone", "FreeTradeZone", "NewArea", "Zone"] {
        let zc = ZoneClass::parse(z).unwrap();
        assert_eq!(zc.class_name(), z);
        assert_eq!(vocab::core_class(z), "Zone");
    }
}

#[test]
fn the_palette_and_the_exports_read_the_vocabulary() {
    use zonekg::export::propgraph::{color, core_class};
    // every entity class is drawn in its core class's colour, and the legend lists each core class once
    for c in CLASSES.iter().filter(|c| c.entity) {
        assert_eq!(core_class(c.local), c.core);
        assert_eq!(Some(color(c.local)), vocab::class_of(c.core).and_then(|x| x.colour), "{}", c.local);
    }
    let legend: Vec<&str> = vocab::palette().map(|c| c.local).collect();
    assert_eq!(legend.len(), legend.iter().collect::<BTreeSet<_>>().len());
    assert!(legend.contains(&"Position") && legend.contains(&"Observation"));
    // the shapes know every entity class
    let shapes = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/shapes.ttl")).unwrap();
    for k in Kind::ALL {
        assert!(shapes.contains(&format!("zkg:{}", k.class_name())), "shapes.ttl lacks zkg:{}", k.class_name());
    }
}
