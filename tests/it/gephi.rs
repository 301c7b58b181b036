//! Gephi-ready exports and the picture: GraphML read back with every
//! declared type parsing, counts that match the graph, GEXF, Neo4j CSV,
//! Cypher, and `render` drawing every zone with its label.

use crate::common;

use assert_cmd::Command;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::path::Path;

fn built() -> tempfile::TempDir {
    common::seed_copy("graphml,gexf,neo4j-csv,cypher,nq")
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes().filter_map(|a| a.ok()).find(|a| a.key.as_ref() == name.as_bytes()).map(|a| a.unescape_value().unwrap().into_owned())
}

/// A GraphML file read back: keys id → (for, type), nodes, edges, every (key, value) of data.
type GraphMlSummary = (BTreeMap<String, (String, String)>, usize, usize, Vec<(String, String)>);

fn read_graphml(p: &Path) -> GraphMlSummary {
    let xml = std::fs::read_to_string(p).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "XML declaration");
    let mut r = Reader::from_str(&xml);
    let mut keys = BTreeMap::new();
    let (mut nodes, mut edges) = (0, 0);
    let mut data = Vec::new();
    let mut cur_key: Option<String> = None;
    let mut in_graph = false;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"key" => {
                    assert!(!in_graph, "a key after the graph started");
                    let id = attr(&e, "id").unwrap();
                    let f = attr(&e, "for").expect("every key has for=");
                    let t = attr(&e, "attr.type").expect("every key has attr.type");
                    keys.insert(id, (f, t));
                }
                b"graph" => in_graph = true,
                b"node" => nodes += 1,
                b"edge" => {
                    edges += 1;
                    assert!(!attr(&e, "source").unwrap().is_empty() && !attr(&e, "target").unwrap().is_empty());
                }
                b"data" => {
                    assert!(in_graph, "no graph-level data");
                    cur_key = attr(&e, "key");
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(k) = cur_key.take() {
                    data.push((k, t.unescape().unwrap().into_owned()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (keys, nodes, edges, data)
}

#[test]
fn graphml_types_parse_and_counts_match_the_graph() {
    let d = built();
    let (keys, nodes, edges, data) = read_graphml(&d.path().join("out/graph.graphml"));
    assert!(keys.values().all(|(_, t)| ["string", "int", "long", "float", "double", "boolean"].contains(&t.as_str())));
    assert!(keys.keys().any(|k| k.starts_with("fig")), "zones carry their figures as attributes");
    for (k, v) in &data {
        let (_, ty) = &keys[k];
        let ok = match ty.as_str() {
            "int" | "long" => v.parse::<i64>().is_ok(),
            "float" | "double" => v.parse::<f64>().is_ok(),
            "boolean" => v == "true" || v == "false",
            _ => true,
        };
        assert!(ok, "{k} = {v:?} is not a {ty}");
    }
    // as many nodes as the graph has entities, as many edges as relations and posts
    let q = |query: &str| -> usize {
        let o = Command::cargo_bin("zonekg").unwrap().args(["query", "--format", "csv", "--store"]).arg(d.path().join("store")).arg(query).output().unwrap();
        String::from_utf8(o.stdout).unwrap().lines().nth(1).unwrap().parse().unwrap()
    };
    let ents = q("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . FILTER(?c IN (zkg:Zone, zkg:Park, zkg:Person, zkg:Organization, zkg:Company, zkg:Project, zkg:Policy, zkg:Program, zkg:Event, zkg:Place)) }");
    let rels = q("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(?p IN (zkg:partOf, zkg:locatedIn, zkg:investor, zkg:issuedBy, zkg:organizedBy)) } }");
    let posts = q("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?h ?o ?t WHERE { ?p a zkg:Position ; zkg:holder ?h ; zkg:organization ?o ; zkg:title ?t } }");
    assert_eq!(nodes, ents);
    assert_eq!(edges, rels + posts);
    // ids are name tokens derived from the IRI
    let xml = std::fs::read_to_string(d.path().join("out/graph.graphml")).unwrap();
    assert!(xml.contains("<node id=\"n") && !xml.contains("<node id=\"https"));
}

#[test]
fn gexf_has_viz_palette_spells_and_typed_attributes() {
    let d = built();
    let g = std::fs::read_to_string(d.path().join("out/graph.gexf")).unwrap();
    assert!(g.contains(r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">"#));
    assert!(g.contains(r#"<viz:color r="225" g="87" b="89"/>"#), "zones in the zone colour");
    assert!(g.contains(r#"<spell start="2020" end="2020"/>"#), "figure years as spells");
    assert!(g.contains(r#"mode="dynamic""#) && g.contains(r#"timeformat="integer""#));
    assert!(g.contains(r#"type="double""#) && g.contains(r#"type="integer""#));
    let (_, nodes, edges, _) = read_graphml(&d.path().join("out/graph.graphml"));
    assert_eq!(g.matches("<node ").count(), nodes);
    assert_eq!(g.matches("<edge ").count(), edges);
}

#[test]
fn every_entity_carries_its_mention_count_and_articles() {
    // the property-graph formats size and filter nodes by these (a mention's
    // class is not written, so the view must know mentions by zkg:refersTo)
    let d = built();
    let o = Command::cargo_bin("zonekg")
        .unwrap()
        .args(["query", "--format", "csv", "--store"])
        .arg(d.path().join("store"))
        .arg("SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m zkg:refersTo ?e } GROUP BY ?e")
        .output()
        .unwrap();
    assert!(o.status.success());
    let counts: BTreeMap<String, String> = csv::Reader::from_reader(&o.stdout[..]).records().map(|r| r.unwrap()).map(|r| (r[0].to_string(), r[1].to_string())).collect();
    let nodes = std::fs::read_to_string(d.path().join("out/graph.nodes.csv")).unwrap();
    let mut n = 0;
    for r in csv::Reader::from_reader(nodes.as_bytes()).records().map(|r| r.unwrap()) {
        assert_eq!(Some(&r[5]), counts.get(&r[3]).map(String::as_str), "mentions of {}", &r[1]);
        assert!(!r[6].is_empty(), "{} has no articles", &r[1]);
        n += 1;
    }
    assert!(n > 50);
}

#[test]
fn kuzu_script_declares_every_relationship_type_and_brings_its_csv_files() {
    let d = tempfile::tempdir().unwrap();
    let o = Command::cargo_bin("zonekg").unwrap().arg("build").arg(common::seed()).arg("--out").arg(d.path()).args(["--no-store", "-q", "--format", "kuzu"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // kuzu alone writes the CSV files its COPY statements read, as neo4j-csv writes them
    let rels = std::fs::read_to_string(d.path().join("graph.relationships.csv")).unwrap();
    let nodes = std::fs::read_to_string(d.path().join("graph.nodes.csv")).unwrap();
    assert_eq!(nodes, std::fs::read_to_string(built().path().join("out/graph.nodes.csv")).unwrap());
    assert!(nodes.lines().next().unwrap().ends_with(",posts:string[]"));
    let script = std::fs::read_to_string(d.path().join("graph.kuzu.cypher")).unwrap();
    let types: std::collections::BTreeSet<String> = csv::Reader::from_reader(rels.as_bytes()).records().map(|r| r.unwrap()[2].to_string()).collect();
    assert!(types.len() >= 4);
    for t in &types {
        assert!(script.contains(&format!("CREATE REL TABLE {t}(FROM Entity TO Entity")), "{t}");
        assert!(script.contains(&format!("COPY {t} FROM (LOAD WITH HEADERS")), "{t}");
    }
    assert_eq!(script.matches("CREATE REL TABLE").count(), types.len());
    assert!(script.contains("CREATE NODE TABLE Entity(") && script.contains("COPY Entity FROM"));
    // every statement ends a line with ';' (how a client splits the script)
    assert_eq!(script.lines().filter(|l| !l.starts_with("//")).filter(|l| !l.ends_with(';')).count(), 0);
}

#[test]
fn neo4j_csv_and_cypher() {
    let d = built();
    let nodes = std::fs::read_to_string(d.path().join("out/graph.nodes.csv")).unwrap();
    let rels = std::fs::read_to_string(d.path().join("out/graph.relationships.csv")).unwrap();
    assert!(nodes.starts_with("id:ID,name,:LABEL,"), "{}", &nodes[..60]);
    assert!(rels.starts_with(":START_ID,:END_ID,:TYPE,"));
    let mut rdr = csv::Reader::from_reader(nodes.as_bytes());
    let ids: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    let (_, n, e, _) = read_graphml(&d.path().join("out/graph.graphml"));
    assert_eq!(ids.len(), n);
    let mut rr = csv::Reader::from_reader(rels.as_bytes());
    let recs: Vec<csv::StringRecord> = rr.records().map(|r| r.unwrap()).collect();
    assert_eq!(recs.len(), e);
    for r in &recs {
        assert!(ids.contains(&r[0].to_string()) && ids.contains(&r[1].to_string()), "dangling relationship {r:?}");
    }
    assert!(recs.iter().any(|r| &r[2] == "PART_OF") && recs.iter().any(|r| &r[2] == "HOLDS_POST"));
    assert!(nodes.lines().any(|l| l.contains(",佛山高新区,") && l.contains("HighTechZone;Zone")));
    let cy = std::fs::read_to_string(d.path().join("out/graph.cypher")).unwrap();
    assert!(cy.contains("CREATE CONSTRAINT zonekg_id IF NOT EXISTS"));
    assert_eq!(cy.matches("MERGE (n:Entity").count(), n);
    assert_eq!(cy.matches("MERGE (a)-[r:").count(), e);
}

#[test]
fn render_draws_every_zone_with_its_label() {
    let d = built();
    let svg = d.path().join("g.svg");
    let html = d.path().join("g.html");
    let o = Command::cargo_bin("zonekg").unwrap().args(["render", "--store"]).arg(d.path().join("store")).arg("--out").arg(&svg).arg("--html").arg(&html).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = std::fs::read_to_string(&svg).unwrap();
    // well-formed XML
    let mut r = Reader::from_str(&s);
    let mut texts = Vec::new();
    let mut in_text = false;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"text" => in_text = true,
            Event::Text(t) if in_text => {
                texts.push(t.unescape().unwrap().into_owned());
                in_text = false;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for z in ["佛山高新区", "北京经济技术开发区", "贵阳高新区", "景德镇高新区", "湘潭高新区", "沈阳高新区"] {
        assert!(texts.iter().any(|t| t == z), "{z} not drawn");
    }
    assert!(s.contains("图例 Legend") && s.contains("Noto Sans CJK SC"));
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.contains("const FACTS = {") && h.contains("【SMC(中国)有限公司】"), "facts and marked sources are inline");
    assert!(!h.contains("http://") || !h.contains("<script src"), "no network access needed");
    // the same store draws the same picture
    let svg2 = d.path().join("g2.svg");
    Command::cargo_bin("zonekg").unwrap().args(["render", "--store"]).arg(d.path().join("store")).arg("--out").arg(&svg2).output().unwrap();
    assert!(std::fs::read(&svg2).unwrap() == s.as_bytes());
}
