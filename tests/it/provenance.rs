//! Provenance over the whole export of the seed page: every node has spans,
//! every span's text is what it says it is, and names the entity (or holds
//! the figure); every relation has a reified statement whose span names one
//! of its ends. Also: the shapes accept the export and `explain` shows the
//! signing sentence.

use crate::common;

use assert_cmd::Command;
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::store::Store;
use std::collections::{BTreeSet, HashMap};
use zonekg::model::span::parse_char_iri;
use zonekg::store::select;
use zonekg::text::fold_char;

fn seed_export() -> (tempfile::TempDir, Store) {
    let d = common::seed_copy("ttl,nq");
    let store = Store::new().unwrap();
    store.load_from_reader(RdfFormat::NQuads, std::fs::File::open(d.path().join("out/graph.nq")).unwrap()).unwrap();
    (d, store)
}

fn s(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(o) => o.to_string(),
        None => String::new(),
    }
}

fn fold(x: &str) -> String {
    x.chars().map(fold_char).filter(|c| !matches!(c, '“' | '”' | '《' | '》' | ' ' | '\n')).collect()
}

#[test]
fn every_statement_traces_back_to_a_span_that_names_it() {
    let (_d, st) = seed_export();
    let texts: HashMap<String, Vec<char>> = select(&st, "SELECT ?a ?t WHERE { ?a a zkg:Article ; zkg:text ?t }").unwrap().iter().map(|r| (s(r.get("a")), s(r.get("t")).chars().collect())).collect();
    assert_eq!(texts.len(), 6);
    let slice = |a: &str, b: usize, e: usize| -> String { texts[a][b..e].iter().collect() };
    // names of every entity
    let mut names: HashMap<String, BTreeSet<String>> = HashMap::new();
    for r in select(&st, "SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }").unwrap() {
        names.entry(s(r.get("e"))).or_default().insert(fold(&s(r.get("n"))));
    }
    // every mention: a non-empty span inside its sentence
    // (the article and the spans are in the IRIs: <article>#char=start,end)
    let mentions = select(&st, "SELECT ?m ?x ?sn ?r ?conf WHERE { ?m zkg:refersTo ?x ; zkg:sentence ?sn ; zkg:rule ?r . ?r a zkg:Rule ; zkg:confidence ?conf }").unwrap();
    assert!(mentions.len() > 200, "{}", mentions.len());
    let mut spans: HashMap<String, Vec<String>> = HashMap::new();
    for r in &mentions {
        let (m_iri, sn_iri) = (s(r.get("m")), s(r.get("sn")));
        let (a, m) = parse_char_iri(&m_iri).unwrap_or_else(|| panic!("mention IRI {m_iri}"));
        let (a2, sn) = parse_char_iri(&sn_iri).unwrap();
        assert_eq!(a, a2, "a mention's sentence is in its article");
        let (a, b, e, ss, se) = (a.to_string(), m.start, m.end, sn.start, sn.end);
        assert!(texts.contains_key(&a), "{a} is an article of the graph");
        let text = slice(&a, b, e);
        assert!(b < e, "empty span {}", s(r.get("m")));
        assert!(ss <= b && e <= se && se <= texts[&a].len(), "span {b}-{e} outside sentence {ss}-{se}");
        spans.entry(s(r.get("x"))).or_default().push(fold(&text));
    }
    // entities: some span holds one of the entity's names
    let ents =
        select(&st, "SELECT DISTINCT ?x WHERE { ?x a ?c . FILTER(?c IN (zkg:Zone, zkg:Park, zkg:Person, zkg:Organization, zkg:Company, zkg:Project, zkg:Policy, zkg:Program, zkg:Event, zkg:Place)) }")
            .unwrap();
    assert!(ents.len() > 50);
    for r in &ents {
        let x = s(r.get("x"));
        let sp = spans.get(&x).unwrap_or_else(|| panic!("{x} has no mention"));
        let ns = &names[&x];
        assert!(sp.iter().any(|t| ns.iter().any(|n| t.contains(n.as_str()))), "no span of {x} names it: {sp:?} vs {ns:?}");
    }
    // observations: a span holds the figure
    for r in select(&st, "SELECT ?o ?v ?g WHERE { ?o a zkg:Observation . OPTIONAL { ?o zkg:value ?v } OPTIONAL { ?o zkg:growthRate ?g } }").unwrap() {
        let o = s(r.get("o"));
        let sp = spans.get(&o).unwrap_or_else(|| panic!("{o} has no mention"));
        let v = s(r.get("v"));
        let num = if v.is_empty() { s(r.get("g")).trim_start_matches('-').to_string() } else { v };
        let arabic = num.chars().all(|c| c.is_ascii_digit() || c == '.');
        assert!(!arabic || sp.iter().any(|t| t.contains(&num)), "no span of {o} holds {num}: {sp:?}");
    }
    // positions: a span holds the title and the holder's name
    for r in select(&st, "SELECT ?p ?t ?h WHERE { ?p a zkg:Position ; zkg:title ?t ; zkg:holder/rdfs:label ?h }").unwrap() {
        let p = s(r.get("p"));
        let sp = &spans[&p];
        assert!(sp.iter().any(|t| t.contains(&fold(&s(r.get("t")))) && t.contains(&fold(&s(r.get("h"))))), "{p}: {sp:?}");
    }
    // relations: a reified statement with a span naming one end
    let rels = select(&st, "SELECT DISTINCT ?x ?p ?y WHERE { ?x ?p ?y . FILTER(?p IN (zkg:partOf, zkg:locatedIn, zkg:investor, zkg:issuedBy, zkg:organizedBy)) }").unwrap();
    assert!(rels.len() > 25);
    let stmts = select(&st, "SELECT ?st ?x ?p ?y WHERE { ?st rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?y ; zkg:sentence ?sn ; zkg:rule/zkg:confidence ?c }").unwrap();
    for r in &rels {
        let key = (s(r.get("x")), s(r.get("p")), s(r.get("y")));
        let ok = stmts.iter().filter(|t| (s(t.get("x")), s(t.get("p")), s(t.get("y"))) == key).any(|t| {
            let st_iri = s(t.get("st"));
            let (a, sp) = parse_char_iri(&st_iri).unwrap();
            let text = fold(&slice(a, sp.start, sp.end));
            names[&key.0].iter().chain(names[&key.2].iter()).any(|n| text.contains(n.as_str()))
        });
        assert!(ok, "no statement span for {key:?}");
    }
}

#[test]
fn export_conforms_to_the_shapes() {
    let (d, _) = seed_export();
    for f in ["graph.ttl", "graph.nq"] {
        let st = zonekg::validate::load_file(&d.path().join("out").join(f)).unwrap();
        let v = zonekg::validate::validate(&st, &zonekg::validate::Shapes::builtin());
        assert!(v.is_empty(), "{f}: {v:#?}");
    }
}

#[test]
fn explain_shows_the_signing_sentence_with_the_name_marked() {
    let (d, _) = seed_export();
    let o = Command::cargo_bin("zonekg").unwrap().args(["explain", "--store"]).arg(d.path().join("store")).arg("SMC(中国)有限公司").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("【SMC(中国)有限公司】总经理马清海在签署SMC中国总部项目“入区协议”后表示"), "{out}");
    assert!(out.contains("SMC中国总部项目 zkg:investor SMC\n"), "{out}");
    assert!(out.contains("rule company.suffix"), "{out}");
    // full-width brackets find it too, and --json is machine-readable
    let o = Command::cargo_bin("zonekg").unwrap().args(["explain", "--json", "--store"]).arg(d.path().join("store")).arg("SMC（中国）有限公司").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["label"], "SMC");
    assert!(v[0]["evidence"].as_array().unwrap().iter().any(|e| e["sentence"].as_str().unwrap().contains("【SMC(中国)有限公司】")));
    // unknown names: exit 1, nothing on stdout but an empty list
    let o = Command::cargo_bin("zonekg").unwrap().args(["explain", "--store"]).arg(d.path().join("store")).arg("不存在的公司").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn validate_reports_a_broken_graph_in_plain_words() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("broken.ttl");
    std::fs::write(&f, "@prefix zkg: <https://w3id.org/zonekg/ontology#> .\n<http://x/p> a zkg:Position ; zkg:title \"主任\"@zh .\n<http://x/o> a zkg:Observation ; zkg:unit \"亿元\" .\n").unwrap();
    let o = Command::cargo_bin("zonekg").unwrap().arg("validate").arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("zkg:holder, needs at least 1"), "{out}");
    assert!(out.contains("zkg:observedFor, needs at least 1"), "{out}");
    let o = Command::cargo_bin("zonekg").unwrap().arg("validate").arg(d.path().join("x.pdf")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn example_queries_answer_as_before_compact_provenance() {
    // tests/cases/queries/*.csv: each example query's answer on the seed page,
    // written by zonekg before provenance moved into IRIs (offsets, sentence
    // and rule nodes); the queries were rewritten, the answers must not change
    let d = common::shared_seed("ttl,nq,graphml");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for e in std::fs::read_dir(root.join("examples/queries")).unwrap() {
        let q = e.unwrap().path();
        let name = q.file_stem().unwrap().to_string_lossy().to_string();
        let want = std::fs::read_to_string(root.join("tests/cases/queries").join(format!("{name}.csv"))).unwrap_or_else(|_| panic!("no expected answer for {name}"));
        let o = Command::cargo_bin("zonekg").unwrap().args(["query", "--format", "csv", "--store"]).arg(d.join("store")).arg("--file").arg(&q).output().unwrap();
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(String::from_utf8_lossy(&o.stdout), want, "{name}");
        n += 1;
    }
    assert!(n >= 7);
}

#[test]
fn explain_shows_the_first_articles_and_says_how_many_there_are() {
    let d = common::shared_seed("ttl,nq");
    // the entity most articles name
    let st = zonekg::store::StoreDir::open(&d.join("store")).unwrap().load_facts().unwrap();
    let top = select(&st, "SELECT ?l (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a zkg:mentions ?e . ?e rdfs:label ?l } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1").unwrap();
    let name = s(top[0].get("l"));
    let run = |max: &str| {
        let o = Command::cargo_bin("zonekg").unwrap().args(["explain", "--json", "--max-articles", max, "--store"]).arg(d.join("store")).arg(&name).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()[0].clone()
    };
    let all = run("0");
    let n = all["articles"].as_u64().unwrap();
    assert!(n >= 2, "{all}");
    assert_eq!(all["articles_shown"], n);
    let articles = |v: &serde_json::Value| v["evidence"].as_array().unwrap().iter().map(|e| e["article"].as_str().unwrap().to_string()).collect::<BTreeSet<_>>();
    assert_eq!(articles(&all).len() as u64, n);
    let one = run("1");
    assert_eq!((one["articles"].as_u64(), one["articles_shown"].as_u64()), (Some(n), Some(1)));
    assert_eq!(articles(&one).len(), 1);
    // the first article's evidence is all there, and only it
    let first = articles(&all).into_iter().min().unwrap();
    let of_first = |v: &serde_json::Value| v["evidence"].as_array().unwrap().iter().filter(|e| e["article"] == first.as_str()).count();
    assert_eq!(of_first(&one), of_first(&all));
    assert_eq!(one["aliases"], all["aliases"]);
    let o = Command::cargo_bin("zonekg").unwrap().args(["explain", "--max-articles", "1", "--store"]).arg(d.join("store")).arg(&name).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("evidence from 1 of its {n} articles")));
}

/// A load planned for a query (only the predicates and classes it names)
/// answers it as a load of everything does.
#[test]
fn a_planned_load_answers_as_a_full_load() {
    use zonekg::store::{run_query, LoadPlan, QueryFormat, StoreDir};
    let dir = StoreDir::open(&common::shared_seed("ttl,nq").join("store")).unwrap();
    let full = dir.load().unwrap();
    let mut queries: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/queries")).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    queries.extend(
        [
            "SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l }",
            "SELECT ?z (COUNT(?p) AS ?n) WHERE { ?p zkg:partOf+ ?z } GROUP BY ?z",
            "SELECT ?s WHERE { ?s a zkg:Zone FILTER NOT EXISTS { ?s zkg:partOf ?a } }",
            "SELECT ?s ?c WHERE { ?s a ?c ; zkg:locatedIn ?p }",
            "SELECT ?s ?t WHERE { ?s a/rdfs:subClassOf* zkg:Zone . OPTIONAL { ?s dcterms:title ?t } }",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?st rdf:predicate zkg:partOf } } GROUP BY ?g",
            "SELECT ?s ?o WHERE { GRAPH ?g { ?st rdf:subject ?s ; rdf:predicate zkg:partOf ; rdf:object ?o } ?s zkg:partOf ?o }",
            "ASK { ?s zkg:investor ?o }",
            "CONSTRUCT { ?s zkg:partOf ?o } WHERE { ?s zkg:partOf ?o }",
        ]
        .map(str::to_string),
    );
    for q in queries {
        let answer = |st: &oxigraph::store::Store| {
            let mut out = Vec::new();
            run_query(st, &q, QueryFormat::Csv, &mut out).unwrap();
            let mut lines: Vec<String> = String::from_utf8(out).unwrap().lines().map(str::to_string).collect();
            lines.sort();
            lines
        };
        let planned = dir.load_plan(&LoadPlan::of_query(&q)).unwrap();
        let (want, got) = (answer(&full), answer(&planned));
        assert!(want.len() > 1 || q.starts_with("ASK"), "{q}: {want:?}");
        assert_eq!(got, want, "{q}");
        assert!(planned.len().unwrap() <= full.len().unwrap());
    }
}

/// A name several entities share (a project scoped by its zone) shares the
/// articles whose evidence is shown among them, in IRI order.
#[test]
fn explain_of_a_shared_name_shares_the_articles_it_shows() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("a.jsonl");
    let rec = |id: &str, zone: &str| format!("{{\"id\": \"{id}\", \"title\": \"{zone}加快发展\", \"text\": \"{zone}加快发展\\n\\n今年以来,{zone}搭建产学研合作平台,促进科技成果就地转化。\"}}\n");
    std::fs::write(&input, rec("t1", "沈阳高新区") + &rec("t2", "杭州高新区")).unwrap();
    let store = d.path().join("s");
    let o = Command::cargo_bin("zonekg")
        .unwrap()
        .env_remove("ZONEKG_STORE")
        .arg("build")
        .arg(&input)
        .arg("--store")
        .arg(&store)
        .arg("--out")
        .arg(d.path().join("o"))
        .args(["-q", "--format", "nq"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let run = |max: &str| {
        let o = Command::cargo_bin("zonekg").unwrap().args(["explain", "--json", "--max-articles", max, "--store"]).arg(&store).arg("产学研合作平台").output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| (e["iri"].as_str().unwrap().to_string(), e["articles"].as_u64().unwrap(), e["articles_shown"].as_u64().unwrap(), e["evidence"].as_array().unwrap().len()))
            .collect::<Vec<_>>()
    };
    let all = run("0");
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all[0].0 < all[1].0 && all.iter().all(|e| e.1 == 1 && e.2 == 1 && e.3 > 0), "{all:?}");
    let one = run("1");
    assert_eq!(one.iter().map(|e| (e.2, e.3 > 0)).collect::<Vec<_>>(), [(1, true), (0, false)], "{one:?}");
}

/// Turtle (prefixed names, `span:` bound again for every article) and
/// N-Quads hold the same statements: Turtle is their union.
#[test]
fn turtle_is_the_union_of_the_n_quads() {
    use oxigraph::io::RdfParser;
    use std::collections::HashSet;
    let d = common::shared_seed("ttl,nq");
    let read = |f: &str, format: RdfFormat| -> HashSet<String> {
        RdfParser::from_format(format)
            .for_reader(std::fs::File::open(d.join("out").join(f)).unwrap())
            .map(|q| {
                let q = q.unwrap();
                format!("{} {} {}", q.subject, q.predicate, q.object)
            })
            .collect()
    };
    let (ttl, nq) = (read("graph.ttl", RdfFormat::Turtle), read("graph.nq", RdfFormat::NQuads));
    assert_eq!(ttl, nq);
    let text = std::fs::read_to_string(d.join("out/graph.ttl")).unwrap();
    assert_eq!(text.matches("@prefix span: ").count(), 6, "one binding per article");
    assert!(ttl.iter().filter(|t| t.contains("#char=")).count() > 500);
}

/// Facts are the merge of what the articles say: each once, in the default
/// graph, whichever articles state it; each article's named graph holds its
/// own nodes (the article, its mentions, sentences and reified statements).
#[test]
fn facts_are_the_merge_and_evidence_is_per_article() {
    use zonekg::store::{select, StoreDir};
    let d = common::shared_seed("ttl,nq");
    let st = StoreDir::open(&d.join("store")).unwrap().load().unwrap();
    let n = |q: &str| -> usize { select(&st, q).unwrap()[0]["n"].to_string().split('"').nth(1).unwrap().parse().unwrap() };
    // the seed page names 北京经开区 in several articles: its label is still one statement
    let labels = n("SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l }");
    assert_eq!(labels, n("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l } }"));
    assert!(n("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?z a zkg:Zone . GRAPH ?g { ?g zkg:mentions ?z } }") > 1);
    // no fact in a named graph, no evidence outside one
    assert_eq!(n("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!STRSTARTS(STR(?s), STR(?g))) }"), 0);
    assert_eq!(n("SELECT (COUNT(*) AS ?n) WHERE { ?m zkg:refersTo ?e FILTER NOT EXISTS { GRAPH ?g { ?m zkg:refersTo ?e } } }"), 0);
    // and graph.nq says the same: facts as triples, each once
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::GraphName;
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::NQuads).for_reader(std::fs::File::open(d.join("out/graph.nq")).unwrap()).map(Result::unwrap).collect();
    let facts: Vec<String> = quads.iter().filter(|q| q.graph_name == GraphName::DefaultGraph).map(|q| q.to_string()).collect();
    let distinct: std::collections::BTreeSet<&String> = facts.iter().collect();
    assert!(facts.len() > 100 && facts.len() < quads.len());
    assert_eq!(distinct.len(), facts.len());
    for q in quads.iter().filter(|q| q.graph_name != GraphName::DefaultGraph) {
        let (GraphName::NamedNode(g), oxigraph::model::NamedOrBlankNode::NamedNode(s)) = (&q.graph_name, &q.subject) else { panic!("{q}") };
        assert!(s.as_str().starts_with(g.as_str()), "{q}");
    }
}
