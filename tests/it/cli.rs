//! The real binary, run in temporary folders: stdout, stderr and exit code
//! checked apart.

use crate::common;

use assert_cmd::Command;
use common::seed;
use std::path::{Path, PathBuf};

fn zonekg() -> Command {
    let mut c = Command::cargo_bin("zonekg").unwrap();
    c.env_remove("ZONEKG_STORE");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(c: &mut Command) -> Run {
    let o = c.output().unwrap();
    Run { code: o.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&o.stdout).into_owned(), stderr: String::from_utf8_lossy(&o.stderr).into_owned() }
}

/// Builds the seed page into `dir/out` and `dir/store`.
fn build_seed(dir: &Path) -> Run {
    run(zonekg().arg("build").arg(seed()).arg("--out").arg(dir.join("out")).arg("--store").arg(dir.join("store")))
}

fn query(dir: &Path, q: &str) -> Run {
    run(zonekg().args(["query", "--format", "csv", "--store"]).arg(dir.join("store")).arg(q))
}

fn query_file(dir: &Path, file: &str) -> Run {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries").join(file);
    run(zonekg().args(["query", "--format", "csv", "--store"]).arg(dir.join("store")).arg("--file").arg(f))
}

fn seeded() -> tempfile::TempDir {
    common::seed_copy("ttl,nq,graphml")
}

#[test]
fn build_writes_default_exports_and_summary() {
    let d = tempfile::tempdir().unwrap();
    let r = build_seed(d.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "", "stdout is for data only");
    assert!(r.stderr.contains("6 article(s)"), "{}", r.stderr);
    for f in ["graph.ttl", "graph.nq", "graph.graphml"] {
        let p = d.path().join("out").join(f);
        assert!(std::fs::metadata(&p).map(|m| m.len() > 1000).unwrap_or(false), "{f} missing or tiny");
    }
    assert!(!d.path().join("out/graph.nt").exists());
}

#[test]
fn every_format_is_written_and_byte_identical_on_rebuild() {
    let d = tempfile::tempdir().unwrap();
    let all = "ttl,nt,nq,trig,rdf,jsonld,graphml";
    let mut first = Vec::new();
    for round in 0..2 {
        let out = d.path().join(format!("out{round}"));
        let r = run(zonekg().arg("build").arg(seed()).arg("--out").arg(&out).arg("--no-store").args(["--format", all, "-q"]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stderr, "", "--quiet prints nothing");
        let mut files: Vec<(String, Vec<u8>)> =
            std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())).collect();
        files.sort();
        assert_eq!(files.len(), 7);
        if round == 0 {
            first = files;
        } else {
            assert!(first == files, "exports differ between identical runs");
        }
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let d = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for t in ["1", "2"] {
        let out = d.path().join(t);
        let r = run(zonekg().arg("build").arg(seed()).arg("--out").arg(&out).args(["--no-store", "-q", "--threads", t, "--format", "nq"]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        outs.push(std::fs::read(out.join("graph.nq")).unwrap());
    }
    assert!(outs[0] == outs[1]);
}

/// More articles than the build hands the workers at a time, and GraphML
/// views bigger than one writing chunk: every format must come out the same
/// bytes on one, two and three threads.
#[test]
fn a_corpus_of_many_chunks_builds_the_same_on_any_thread_count() {
    let d = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(seed()).unwrap();
    let paras: Vec<&str> = page.split("\n\n").filter(|p| p.chars().count() > 40).collect();
    let mut jsonl = String::new();
    for i in 0..150 {
        // each record: a rotation of the page's paragraphs, numbered
        let text: Vec<&str> = paras.iter().cycle().skip(i % paras.len()).take(4).copied().collect();
        let text = format!("第{i}期。{}", text.join("\n\n"));
        jsonl += &(serde_json::json!({"id": format!("r{i}"), "title": format!("园区动态{i}"), "text": text}).to_string() + "\n");
    }
    let input = d.path().join("many.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let formats = ["graph.ttl", "graph.nq", "graph.nt", "graph.graphml", "graph.gexf"];
    let mut outs: Vec<Vec<Vec<u8>>> = Vec::new();
    for t in ["1", "2", "3"] {
        let out = d.path().join(t);
        let r = run(zonekg().arg("build").arg(&input).arg("--out").arg(&out).args(["--no-store", "-q", "--threads", t, "--format", "ttl,nq,nt,graphml,gexf"]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        outs.push(formats.iter().map(|f| std::fs::read(out.join(f)).unwrap()).collect());
    }
    let nq = String::from_utf8(outs[0][1].clone()).unwrap();
    assert_eq!(nq.matches("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/zonekg/ontology#Article>").count(), 150);
    for (i, f) in formats.iter().enumerate() {
        assert!(outs[0][i] == outs[1][i], "{f}: 1 and 2 threads differ");
        assert!(outs[0][i] == outs[2][i], "{f}: 1 and 3 threads differ");
    }
}

fn count_quads(dir: &Path) -> String {
    let r = query(dir, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }");
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn second_build_changes_nothing_in_the_store() {
    let d = seeded();
    let before = count_quads(d.path());
    let files = |p: &Path| {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walk(p).into_iter().map(|f| (f.clone(), std::fs::read(&f).unwrap())).collect();
        v.sort();
        v
    };
    let snap = files(&d.path().join("store"));
    let r = build_seed(d.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(count_quads(d.path()), before);
    assert!(before.lines().nth(1).unwrap().parse::<usize>().unwrap() > 1000, "{before}");
    assert!(snap == files(&d.path().join("store")), "store files changed");
}

fn walk(p: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// ------------------------------------------------------------ example queries

#[test]
fn query_parks_of_each_zone() {
    let d = seeded();
    let r = query_file(d.path(), "parks.rq");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("zone,park"), "{}", r.stdout);
    for row in ["佛山高新区,禅城园", "佛山高新区,南海园", "佛山高新区,三水园", "景德镇高新区,景德镇航空小镇", "景德镇高新区,航空零部件园"] {
        assert!(r.stdout.lines().any(|l| l == row), "missing {row} in\n{}", r.stdout);
    }
}

#[test]
fn query_officials_and_posts() {
    let d = seeded();
    let r = query_file(d.path(), "officials.rq");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for row in ["蔡家华,市委常委,佛山市", "蔡家华,常务副市长,佛山市", "蔡家华,党工委书记,佛山高新区", "潘东生,管委会主任,佛山高新区", "马清海,总经理,SMC"]
    {
        assert!(r.stdout.lines().any(|l| l == row), "missing {row} in\n{}", r.stdout);
    }
}

#[test]
fn query_projects_with_investors_and_zones() {
    let d = seeded();
    let r = query_file(d.path(), "projects.rq");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for row in ["SMC中国总部项目,SMC,北京经济技术开发区", "万亩创新灯塔社区项目,,佛山高新区", "重型直升机研发制造项目,,景德镇高新区"] {
        assert!(r.stdout.lines().any(|l| l == row), "missing {row} in\n{}", r.stdout);
    }
}

#[test]
fn query_policies_and_programmes_by_zone() {
    let d = seeded();
    let r = query_file(d.path(), "policies.rq");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let zone_sy = r.stdout.lines().filter(|l| l.contains(",policy,")).filter(|l| l.contains("产业促进政策20条") || l.contains("关爱企业家15条措施")).count();
    assert_eq!(zone_sy, 2, "{}", r.stdout);
    for needle in ["湘潭高新区,programme,“一件事一次办”", "湘潭高新区,programme,“四减”", "景德镇高新区,programme,“四个一”"] {
        assert!(r.stdout.lines().any(|l| l == needle), "missing {needle} in\n{}", r.stdout);
    }
    assert!(r.stdout.lines().any(|l| l.starts_with("沈阳") && l.ends_with(",programme,链长制")), "{}", r.stdout);
}

#[test]
fn query_figures_with_growth() {
    let d = seeded();
    let r = query_file(d.path(), "figures.rq");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.lines().any(|l| l == "佛山高新区,工业总产值,4191.83,亿元,2.99,2020,预计"), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.starts_with("沈阳") && l.contains(",地区生产总值,,,4,2020,")), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.starts_with("湘潭高新区,") && l.contains(",13457,件,24.5,2020,")), "{}", r.stdout);
}

#[test]
fn query_sources_gives_the_sentence_of_every_statement() {
    let d = seeded();
    let r = query_file(d.path(), "sources.rq");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<&str> = r.stdout.lines().skip(1).collect();
    for statement in ["named,", "SMC中国总部项目 zkg:investor SMC,", "position 总经理,"] {
        let row = rows.iter().find(|l| l.starts_with(statement)).unwrap_or_else(|| panic!("no {statement} in\n{}", r.stdout));
        assert!(row.contains("SMC(中国)有限公司总经理马清海在签署SMC中国总部项目“入区协议”后表示"), "{row}");
    }
}

#[test]
fn query_formats_and_empty_results() {
    let d = seeded();
    let q = "SELECT ?x WHERE { ?x zkg:partOf <https://example.org/none> }";
    for (fmt, want) in [("csv", "x"), ("tsv", "?x"), ("json", "\"vars\"")] {
        let r = run(zonekg().args(["query", "--format", fmt, "--store"]).arg(d.path().join("store")).arg(q));
        assert_eq!(r.code, 0, "no rows is not a failure: {}", r.stderr);
        assert!(r.stdout.contains(want), "{fmt}: {}", r.stdout);
    }
    let r = run(zonekg().args(["query", "--store"]).arg(d.path().join("store")).arg("ASK { ?s a zkg:Zone }"));
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.trim(), "true");
    let r = run(zonekg().args(["query", "--store"]).arg(d.path().join("store")).arg("SELECT ?n WHERE { ?z a zkg:Zone ; rdfs:label ?n } LIMIT 1"));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("(1 row)"), "{}", r.stdout);
}

#[test]
fn reads_stdin_gb18030_html_and_jsonl() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("in");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode("合肥高新区：创新发展\n\n2022年,合肥高新区营业收入1234.5亿元,增长8.1%。\n");
    std::fs::write(src.join("sub/gb.txt"), gb).unwrap();
    std::fs::write(src.join("page.html"), "<html><head><script>x()</script></head><body><nav>导航</nav><h1>株洲高新区发布新政</h1><p>株洲高新区印发《促进数字经济发展若干措施》。</p></body></html>")
        .unwrap();
    std::fs::write(src.join("a.jsonl"), "{\"id\":\"n1\",\"title\":\"武汉经开区签约\",\"author\":\"王明\",\"text\":\"武汉经开区举行项目集中签约活动。\"}\n").unwrap();
    std::fs::write(src.join("notes.csv"), "ignored").unwrap();
    let r = run(zonekg().arg("build").arg(&src).arg("--out").arg(d.path().join("out")).arg("--store").arg(d.path().join("store")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("3 article(s) from 3 file(s)"), "{}", r.stderr);
    let r = query(d.path(), "SELECT ?n WHERE { ?z a zkg:Zone ; rdfs:label ?n } ORDER BY ?n");
    for z in ["合肥高新区", "株洲高新区", "武汉经济技术开发区"] {
        assert!(r.stdout.contains(z), "{z} in {}", r.stdout);
    }
    let r = query(d.path(), "SELECT ?t WHERE { ?a dcterms:creator/rdfs:label ?t }");
    assert!(r.stdout.contains("王明"), "{}", r.stdout);
    assert!(!query(d.path(), "SELECT ?t WHERE { ?a zkg:text ?t }").stdout.contains("导航"));
    // stdin
    let r = run(zonekg().args(["build", "-", "--no-store", "--format", "nq", "--out"]).arg(d.path().join("o2")).write_stdin("长沙经开区:签约\n\n长沙经开区新增企业120家。\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(d.path().join("o2/graph.nq")).unwrap().contains("长沙经济技术开发区"));
}

// ---------------------------------------------------------------- bad input

#[test]
fn missing_path_is_a_usage_error_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let r = run(zonekg().args(["build", "/no/such/place.txt", "--no-store", "--out"]).arg(d.path()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/no/such/place.txt"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn folder_without_articles_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("x.csv"), "a,b").unwrap();
    let r = run(zonekg().arg("build").arg(d.path()).args(["--no-store", "--out"]).arg(d.path().join("out")));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no articles"), "{}", r.stderr);
}

#[test]
fn undecodable_file_is_named_and_the_others_are_built() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("in");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::copy(seed(), src.join("good.txt")).unwrap();
    std::fs::write(src.join("bad.txt"), b"\x81\xff\x81\xff not text").unwrap();
    let r = run(zonekg().arg("build").arg(&src).args(["--no-store", "--out"]).arg(d.path().join("out")));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("bad.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("6 article(s)"), "{}", r.stderr);
    assert!(d.path().join("out/graph.nq").exists());
}

#[test]
fn malformed_jsonl_line_is_named_with_its_line() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("a.jsonl");
    std::fs::write(&f, "{\"id\":\"x1\",\"text\":\"合肥高新区新增企业100家。\"}\n{broken\n{\"id\":\"x2\",\"text\":\"武汉高新区新增企业50家。\"}\n").unwrap();
    let r = run(zonekg().arg("build").arg(&f).args(["--no-store", "--out"]).arg(d.path().join("out")));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("a.jsonl:2:"), "{}", r.stderr);
    assert!(r.stderr.contains("2 article(s)"), "{}", r.stderr);
}

#[test]
fn all_inputs_bad_leaves_earlier_exports_untouched() {
    let d = seeded();
    let before = std::fs::read(d.path().join("out/graph.ttl")).unwrap();
    let bad = d.path().join("bad.txt");
    std::fs::write(&bad, [0xffu8, 0xff, 0xff]).unwrap();
    let r = run(zonekg().arg("build").arg(&bad).arg("--out").arg(d.path().join("out")).arg("--store").arg(d.path().join("store")));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bad.txt"));
    assert!(before == std::fs::read(d.path().join("out/graph.ttl")).unwrap());
}

#[test]
fn invalid_sparql_reports_its_position() {
    let d = seeded();
    let r = query(d.path(), "SELECT ?x WHERE { ?x zkg:partOf ");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid SPARQL"), "{}", r.stderr);
    assert!(r.stderr.contains("1:") || r.stderr.contains("line"), "position missing: {}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn store_that_is_not_a_store_or_is_locked() {
    let d = tempfile::tempdir().unwrap();
    let notstore = d.path().join("ns");
    std::fs::create_dir_all(&notstore).unwrap();
    std::fs::write(notstore.join("precious.txt"), "keep me").unwrap();
    let r = run(zonekg().arg("build").arg(seed()).arg("--out").arg(d.path().join("o")).arg("--store").arg(&notstore));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a zonekg store"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(notstore.join("precious.txt")).unwrap(), "keep me");
    let r = run(zonekg().args(["query", "--store"]).arg(&notstore).arg("ASK {}"));
    assert_eq!(r.code, 2);
    let r = run(zonekg().args(["query", "--store"]).arg(d.path().join("missing")).arg("ASK {}"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no store"), "{}", r.stderr);
    // locked by a build that is running (here: this test holds the lock)
    let s = seeded();
    let held = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(s.path().join("store/LOCK")).unwrap();
    held.try_lock().unwrap();
    let before = std::fs::read_dir(s.path().join("store/graphs")).unwrap().count();
    let r = build_seed(s.path());
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("locked by another build"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(s.path().join("store/graphs")).unwrap().count(), before);
    drop(held);
    // a lock file left by a build that was killed: taken over, with a message
    std::fs::write(s.path().join("store/LOCK"), "123\n").unwrap();
    let r = build_seed(s.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("taking over the lock") && r.stderr.contains("pid 123"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(s.path().join("store/LOCK")).unwrap(), "");
}

#[test]
fn random_bytes_never_panic() {
    let d = tempfile::tempdir().unwrap();
    // a simple deterministic generator: no extra dependency needed
    let mut x: u64 = 0x9e3779b97f4a7c15;
    for i in 0..12 {
        let len = 1 + (i * 997) % 5000;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        let ext = ["txt", "jsonl", "html"][i % 3];
        let f = d.path().join(format!("r{i}.{ext}"));
        std::fs::write(&f, &bytes).unwrap();
        let r = run(zonekg().arg("build").arg(&f).args(["--no-store", "-q", "--out"]).arg(d.path().join("out")));
        assert!(matches!(r.code, 0..=2), "exit {} on {f:?}: {}", r.code, r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        let r = run(zonekg().arg("build").arg("-").args(["--no-store", "-q", "--out"]).arg(d.path().join("out")).write_stdin(bytes.clone()));
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        let q = String::from_utf8_lossy(&bytes).replace('\0', "");
        let r = run(zonekg().args(["query", "--store"]).arg(d.path().join("nostore")).arg(q));
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    // random Chinese-looking text goes through every extractor
    let mut text = String::new();
    let pool: Vec<char> = "高新区经开区园项目政策条措施“”《》,。、1234567890亿元万家个增长%书记主任有限公司()活动会议年月日记者".chars().collect();
    for _ in 0..20000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push(pool[(x % pool.len() as u64) as usize]);
        if x.is_multiple_of(37) {
            text.push('\n');
        }
    }
    let r = run(zonekg().args(["build", "-", "--no-store", "-q", "--out"]).arg(d.path().join("out")).write_stdin(text));
    assert!(matches!(r.code, 0..=2), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let r = run(zonekg().arg("build"));
    assert_eq!(r.code, 2);
    let r = run(zonekg().args(["build", "x", "--format", "pdf"]));
    assert_eq!(r.code, 2);
    let r = run(zonekg().arg("query"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no query"), "{}", r.stderr);
}

#[test]
fn user_lexicon_adds_a_zone_a_title_and_a_company_suffix() {
    let d = tempfile::tempdir().unwrap();
    let lex = d.path().join("lex.tsv");
    std::fs::write(&lex, "# my additions\nzone\t云栖科创城\tNewArea\t云栖城\ntitle\t首席数据官\ncompany_suffix\t合伙企业\n").unwrap();
    let src = d.path().join("a.txt");
    std::fs::write(&src, "云栖城:新年新气象\n\n云栖科创城今年新增企业300家。青石创新投资合伙企业首席数据官陈一鸣表示,将加大投入。\n").unwrap();
    let build = |extra: &[&std::ffi::OsStr], out: &str| {
        let mut c = zonekg();
        c.arg("build").arg(&src).args(extra).args(["--no-store", "--format", "nt", "--out"]).arg(d.path().join(out));
        let r = run(&mut c);
        assert_eq!(r.code, 0, "{}", r.stderr);
        std::fs::read_to_string(d.path().join(out).join("graph.nt")).unwrap()
    };
    let plain = build(&[], "o1");
    let with = build(&[std::ffi::OsStr::new("--lexicon"), lex.as_os_str()], "o2");
    for (needle, what) in [("ontology#NewArea>", "zone"), ("\"首席数据官\"@zh", "title"), ("\"青石创新投资合伙企业\"@zh", "company suffix")] {
        assert!(!plain.contains(needle), "{what} found without the user lexicon");
        assert!(with.contains(needle), "{what} not found with the user lexicon");
    }
    assert!(with.contains("\"云栖城\"@zh"), "alias kept as altLabel");
    let bad = d.path().join("bad.tsv");
    std::fs::write(&bad, "nonsense\tx\n").unwrap();
    let r = run(zonekg().arg("build").arg(&src).arg("--lexicon").arg(&bad).args(["--no-store", "--out"]).arg(d.path().join("o")));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.tsv:1:"), "{}", r.stderr);
}

#[test]
fn query_mention_counts() {
    let d = seeded();
    let r = query_file(d.path(), "mention-counts.rq");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = r.stdout.lines().find(|l| l.starts_with("佛山高新区,")).unwrap_or_else(|| panic!("{}", r.stdout));
    let cols: Vec<&str> = row.split(',').collect();
    assert!(cols[2].parse::<usize>().unwrap() > 20, "{row}");
    assert_eq!(cols[3], "1", "{row}");
}

/// `query` is read-only and bounded: an update, LOAD or SERVICE is refused
/// with a message, and a query past its time or row limit stops with one.
#[test]
fn queries_cannot_write_reach_out_or_run_unbounded() {
    let d = crate::common::shared_seed("ttl,nq");
    let store = d.join("store");
    let q = |args: &[&str]| run(zonekg().args(["query", "--store"]).arg(&store).args(args));
    for update in ["INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "PREFIX e: <http://e/>\nDELETE WHERE { ?s e:p ?o }", "LOAD <http://example.org/data.ttl>", "CLEAR ALL"] {
        let r = q(&[update]);
        assert_eq!(r.code, 2, "{update}");
        assert!(r.stderr.contains("SPARQL Update") && r.stderr.contains("not accepted"), "{update}: {}", r.stderr);
    }
    let r = q(&["SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not supported"), "{}", r.stderr);
    let r = q(&["--max-results", "3", "--format", "csv", "SELECT * WHERE { ?s ?p ?o }"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("more than 3 rows"), "{}", r.stderr);
    assert_eq!(q(&["--max-results", "3", "--format", "csv", "SELECT * WHERE { ?s ?p ?o } LIMIT 3"]).code, 0);
    // billions of combinations: stopped at the limit (without one it would run for hours)
    let r = q(&["--timeout", "1", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("time limit"), "{}", r.stderr);
}

/// Every field of a lexicon line is checked: each bad line is named by file
/// and line with what is wrong, exit 2, and nothing is written; a lexicon
/// too large to compile names its file.
#[test]
fn every_bad_lexicon_line_names_its_file_line_and_problem() {
    let d = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        ("# fine\nplace\t某地\tplanet\n", ":2: unknown place level"),
        ("zone\t某某新区\tNoSuchClass\n", ":1: unknown zone class"),
        ("zone_suffix\t新城\n", ":1: zone_suffix needs a class"),
        ("title_body\t副市长\n", ":1: title_body needs the body"),
        ("subject_ref\t该项目\tPlanet\n", ":1: subject_ref needs"),
        ("title\t主任\t多余\n", ":1: title takes 1 field"),
        ("zone\t某某新区\tNewArea\t别名\t多余\n", ":1: zone takes 3 field"),
        ("surname\t王\u{1}\n", ":1: a control character"),
        ("verb\t\tx\n", ":1: empty verb entry"),
        ("verb\t\n", ":1: expected `kind<TAB>entry`"),
        ("onlykind\n", ":1: expected `kind<TAB>entry`"),
        ("nonsense\tx\n", ":1: unknown lexicon kind"),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let lex = d.path().join(format!("lex{i}.tsv"));
        std::fs::write(&lex, text).unwrap();
        let out = d.path().join(format!("o{i}"));
        let r = run(zonekg().arg("build").arg(seed()).arg("--lexicon").arg(&lex).arg("--no-store").arg("--out").arg(&out));
        assert_eq!(r.code, 2, "{text:?}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("lex{i}.tsv{want}")), "{text:?}: {}", r.stderr);
        assert!(!out.exists(), "{text:?}: wrote {}", out.display());
    }
    let long = d.path().join("long.tsv");
    std::fs::write(&long, format!("org_head\t{}\n", "区".repeat(65))).unwrap();
    let r = run(zonekg().arg("build").arg(seed()).arg("--lexicon").arg(&long).arg("--no-store").arg("--out").arg(d.path().join("ol")));
    assert!(r.code == 2 && r.stderr.contains("long.tsv:1: an entry of 65 characters"), "{}", r.stderr);
    // thousands of distinct heads: the patterns built from them exceed what a regex may be
    let mut big = String::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..60_000 {
        let w: String = (0..6)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from_u32(0x4e00 + (x % 3000) as u32).unwrap()
            })
            .collect();
        big.push_str(&format!("org_head\t{w}\n"));
    }
    let bigf = d.path().join("big.tsv");
    std::fs::write(&bigf, big).unwrap();
    let r = run(zonekg().arg("build").arg(seed()).arg("--lexicon").arg(&bigf).arg("--no-store").arg("--out").arg(d.path().join("ob")));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("big.tsv") && r.stderr.contains("cannot be built"), "{}", r.stderr);
}
