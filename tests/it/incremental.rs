//! One entity, one node; a store that grows article by article; shards that
//! merge into the graph of one build.

use assert_cmd::Command;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Articles with the aliases of the same zones, companies and people spread
/// across them, and two different people of the same name.
const CORPUS: &[(&str, &str, &str)] = &[
    ("c01", "北京经济技术开发区举行招商大会", "北京经济技术开发区管委会主任王伟表示,今年将引进项目100个。"),
    ("c02", "北京经开区新增企业", "2022年,北京经开区新增企业300家,同比增长12%。"),
    ("c03", "北京亦庄发布人才政策", "北京亦庄印发《关于支持高精尖产业人才发展的若干措施》。"),
    ("c04", "走进亦庄", "记者走进亦庄,看到一批新项目正在建设。"),
    ("c05", "株洲国家高新技术产业开发区一季度开门红", "株洲国家高新技术产业开发区一季度实现营业收入200亿元,增长9.5%。"),
    ("c06", "株洲国家高新区获评先进", "株洲国家高新区在全省考核中位列第一。"),
    ("c07", "株洲高新区加快动力谷建设", "株洲高新区管委会主任王伟介绍,园区新增规上企业50家。"),
    ("c08", "浑南高新区签约项目", "浑南高新区与华为技术有限公司签署合作协议,共建华为鲲鹏生态创新中心项目。"),
    ("c09", "沈阳高新区推进数字经济", "沈阳高新区与华为公司深化合作,新增数字经济企业120家。"),
    ("c11", "六盘水国家高新技术产业开发区挂牌", "六盘水国家高新技术产业开发区正式挂牌,首批入驻企业30家。"),
    ("c12", "六盘水高新区招商", "六盘水高新区举行招商推介会,签约项目12个。"),
    ("c10", "株洲高新区与中国能建签约", "株洲高新区与中国能源建设股份有限公司(以下简称“中国能建”)签约。中国能建将在园区投资50亿元。"),
];

fn jsonl(items: &[(&str, &str, &str)]) -> String {
    items.iter().map(|(id, title, text)| serde_json::json!({"id": id, "title": title, "author": "", "text": text}).to_string() + "\n").collect()
}

fn zonekg() -> Command {
    let mut c = Command::cargo_bin("zonekg").unwrap();
    c.env_remove("ZONEKG_STORE");
    c
}

fn ok(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

const ALL: &str = "ttl,nt,nq,trig,rdf,jsonld,graphml";

/// Writes each article to its own file `<id>.jsonl` in `dir/name/` and builds that folder.
fn build(dir: &Path, name: &str, items: &[(&str, &str, &str)], store: &Path) {
    let src = dir.join(format!("{name}-src"));
    std::fs::create_dir_all(&src).unwrap();
    for it in items {
        std::fs::write(src.join(format!("{}.jsonl", it.0)), jsonl(&[*it])).unwrap();
    }
    ok(zonekg().arg("build").arg(&src).arg("--store").arg(store).arg("--out").arg(dir.join(format!("{name}-out"))).args(["-q", "--format", ALL]));
}

fn export(store: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    ok(zonekg().arg("export").arg("--store").arg(store).arg("--out").arg(out).args(["--format", ALL]));
    files(out)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())).collect()
}

fn same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{what}: files differ");
    for (k, v) in a {
        assert!(v == &b[k], "{what}: {k} differs");
    }
}

#[test]
fn batch_equals_incremental_equals_reverse() {
    let d = tempfile::tempdir().unwrap();
    let batch_store = d.path().join("batch");
    build(d.path(), "batch", CORPUS, &batch_store);
    let batch = files(&d.path().join("batch-out"));
    assert_eq!(batch.len(), 7);
    same(&batch, &export(&batch_store, &d.path().join("batch-export")), "build vs export of the same store");
    for (order, name) in [(CORPUS.iter().collect::<Vec<_>>(), "forward"), (CORPUS.iter().rev().collect::<Vec<_>>(), "reverse")] {
        let store = d.path().join(name);
        for (i, item) in order.iter().enumerate() {
            build(d.path(), &format!("{name}{i}"), &[**item], &store);
        }
        same(&batch, &export(&store, &d.path().join(format!("{name}-export"))), name);
    }
}

#[test]
fn shard_merge_equals_batch() {
    let d = tempfile::tempdir().unwrap();
    let batch_store = d.path().join("batch");
    build(d.path(), "batch", CORPUS, &batch_store);
    let batch = files(&d.path().join("batch-out"));
    for k in 1..=3 {
        let mut shards: Vec<PathBuf> = Vec::new();
        for s in 0..k {
            let part: Vec<(&str, &str, &str)> = CORPUS.iter().enumerate().filter(|(i, _)| i % k == s).map(|(_, x)| *x).collect();
            let store = d.path().join(format!("k{k}-shard{s}"));
            build(d.path(), &format!("k{k}s{s}"), &part, &store);
            shards.push(store);
        }
        let merged = d.path().join(format!("k{k}-merged"));
        ok(zonekg().arg("merge").arg(&merged).args(&shards));
        same(&batch, &export(&merged, &d.path().join(format!("k{k}-export"))), &format!("K={k}"));
    }
}

fn rows(store: &Path, q: &str) -> BTreeSet<String> {
    ok(zonekg().args(["query", "--format", "tsv", "--store"]).arg(store).arg(q)).lines().skip(1).map(str::to_string).collect()
}

#[test]
fn reingesting_a_changed_article_changes_exactly_its_own_facts() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    build(d.path(), "all", CORPUS, &store);
    let q = "SELECT ?x ?p ?t WHERE { ?x zkg:holder/rdfs:label ?p ; zkg:title ?t }";
    let companies = "SELECT ?n WHERE { ?c a zkg:Company ; rdfs:label ?n }";
    let before_companies = rows(&store, companies);
    assert!(before_companies.contains("\"华为\"@zh"), "{before_companies:?}");
    let others = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!CONTAINS(STR(?g), \"/c08\")) }";
    let before_others = rows(&store, others);
    let before_c08 = rows(&store, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), \"/c08\")) }");
    // c08 changes: 华为 gone (c09 still names it), a new company, 王伟 unaffected
    let changed = ("c08", "浑南高新区签约项目", "浑南高新区与小米科技有限责任公司签署合作协议。");
    build(d.path(), "changed", &[changed], &store);
    let after_companies = rows(&store, companies);
    assert!(after_companies.contains("\"华为\"@zh"), "华为 is still supported by c09: {after_companies:?}");
    assert!(after_companies.contains("\"小米\"@zh"), "{after_companies:?}");
    let project = "SELECT ?n WHERE { ?p a zkg:Project ; rdfs:label ?n }";
    assert!(rows(&store, project).is_empty(), "the project only c08 named is gone");
    assert_eq!(rows(&store, q).len(), 2);
    // every statement of the other articles is still there, unchanged; c08's own graph changed
    assert_eq!(rows(&store, others), before_others);
    let after_c08 = rows(&store, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), \"/c08\")) }");
    assert!(!after_c08.is_empty() && after_c08 != before_c08);
    // remove takes an article out; removing it twice is an error
    ok(zonekg().args(["remove", "c08", "--store"]).arg(&store));
    assert!(!rows(&store, companies).contains("\"小米\"@zh"));
    let o = zonekg().args(["remove", "c08", "--store"]).arg(&store).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
}

fn names_of(store: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let q = "SELECT ?e ?n WHERE { ?e a ?c ; rdfs:label|skos:altLabel ?n . FILTER(?c IN (zkg:Zone, zkg:Park, zkg:Person, zkg:Organization, zkg:Project, zkg:Policy, zkg:Program, zkg:Event)) }";
    for r in ok(zonekg().args(["query", "--format", "tsv", "--store"]).arg(store).arg(q)).lines().skip(1) {
        let mut it = r.split('\t');
        let (Some(e), Some(n)) = (it.next(), it.next()) else { continue };
        let n = n.trim_end_matches("@zh").trim_matches('"').to_string();
        m.entry(e.to_string()).or_default().insert(n);
    }
    m
}

#[test]
fn aliases_across_articles_make_no_duplicates_and_namesakes_stay_apart() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    build(d.path(), "all", CORPUS, &store);
    let nodes = names_of(&store);
    let groups: &[&[&str]] = &[
        &["北京经济技术开发区", "北京经开区", "北京亦庄", "亦庄"],
        &["株洲高新区", "株洲国家高新技术产业开发区", "株洲国家高新区"],
        &["沈阳高新区", "浑南高新区"],
        &["华为", "华为技术有限公司", "华为公司"],
        &["中国能源建设股份有限公司", "中国能建"],
        &["六盘水高新区", "六盘水国家高新技术产业开发区"],
    ];
    for g in groups {
        let hits: Vec<&String> = nodes.iter().filter(|(_, ns)| g.iter().any(|n| ns.contains(*n))).map(|(e, _)| e).collect();
        assert_eq!(hits.len(), 1, "{g:?} is {} nodes: {hits:?}", hits.len());
    }
    let wang: Vec<&String> = nodes.iter().filter(|(e, ns)| e.contains("/person/") && ns.contains("王伟")).map(|(e, _)| e).collect();
    assert_eq!(wang.len(), 2, "two 王伟 in two zones: {wang:?}");
    // every merge says why
    let why = rows(&store, "SELECT DISTINCT ?r WHERE { ?m zkg:resolution ?r }");
    for r in ["lexicon-alias", "zone-suffix-rule", "company-core", "declared-alias", "coreference"] {
        assert!(why.iter().any(|x| x.contains(r)), "{r} not recorded: {why:?}");
    }
}
