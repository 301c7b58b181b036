//! The streaming stage (`build - --out -`): records on stdin, statements on
//! stdout, each record on its own, so the union of any partition of the
//! records is one build's graph.

use crate::common::seed;
use assert_cmd::Command;
use std::collections::BTreeSet;
use std::io::{BufRead, Write};

fn zonekg() -> Command {
    let mut c = Command::cargo_bin("zonekg").unwrap();
    c.env_remove("ZONEKG_STORE");
    c
}

/// Records made of the seed page's paragraphs (its articles whole, and
/// rotations of its paragraphs), each with the `source` a local build of
/// `corpus.jsonl` would record for it, as a distributed job sets it.
fn records() -> Vec<String> {
    let page = std::fs::read_to_string(seed()).unwrap();
    let paras: Vec<&str> = page.split("\n\n").filter(|p| p.chars().count() > 40).collect();
    let mut out = vec![serde_json::json!({"text": page}).to_string()];
    for i in 0..40 {
        let text: Vec<&str> = paras.iter().cycle().skip(i * 3 % paras.len()).take(3).copied().collect();
        let mut rec = serde_json::json!({"title": format!("园区动态{i}"), "text": text.join("\n\n")});
        if i % 4 == 0 {
            rec["id"] = format!("r{i}").into(); // some with ids, some named by their text
        }
        out.push(rec.to_string());
    }
    out.iter()
        .enumerate()
        .map(|(i, r)| {
            let mut v: serde_json::Value = serde_json::from_str(r).unwrap();
            v["source"] = format!("corpus.jsonl:{}", i + 1).into();
            v.to_string()
        })
        .collect()
}

fn stream(records: &[String], threads: &str) -> (Vec<u8>, String) {
    let o = zonekg().args(["build", "-", "--out", "-", "-q", "--threads", threads]).write_stdin(records.join("\n") + "\n").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (o.stdout, String::from_utf8(o.stderr).unwrap())
}

fn lines(bytes: &[u8]) -> BTreeSet<String> {
    String::from_utf8(bytes.to_vec()).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn the_union_of_any_partition_of_the_records_is_one_builds_graph() {
    let d = tempfile::tempdir().unwrap();
    let recs = records();
    let corpus = d.path().join("corpus.jsonl");
    std::fs::write(&corpus, recs.join("\n") + "\n").unwrap();
    let o = zonekg().arg("build").arg(&corpus).arg("--out").arg(d.path().join("out")).args(["--no-store", "-q", "--format", "nq"]).output().unwrap();
    assert!(o.status.success());
    let built = lines(&std::fs::read(d.path().join("out/graph.nq")).unwrap());
    assert!(built.len() > 1000, "{}", built.len());
    // one stream, on one and two threads: the same bytes
    let (whole, _) = stream(&recs, "2");
    assert_eq!(whole, stream(&recs, "1").0, "output depends on the thread count");
    assert_eq!(lines(&whole), built);
    // a fact several articles state comes once per article: more lines than the set
    assert!(whole.iter().filter(|&&b| b == b'\n').count() > built.len());
    // partitions: two uneven parts, parts of five, and the records backwards
    for parts in [vec![&recs[..7], &recs[7..]], recs.chunks(5).collect::<Vec<_>>()] {
        let mut union = BTreeSet::new();
        for p in parts {
            union.extend(lines(&stream(p, "1").0));
        }
        assert_eq!(union, built);
    }
    let backwards: Vec<String> = recs.iter().rev().cloned().collect();
    assert_eq!(lines(&stream(&backwards, "2").0), built);
}

#[test]
fn each_articles_lines_are_contiguous_and_stdout_is_only_data() {
    let recs = records();
    let (out, err) = stream(&recs[..10], "2");
    assert!(err.is_empty(), "-q and yet: {err}");
    let text = String::from_utf8(out).unwrap();
    // every line parses (oxigraph), and an article's named graph never comes back after another's
    crate::common::triples_of(oxigraph::io::RdfFormat::NQuads, text.as_bytes()).unwrap();
    let mut done = BTreeSet::new();
    let mut current = String::new();
    for l in text.lines() {
        let Some(g) = l.strip_suffix(" .").and_then(|l| l.rsplit_once(' ')).map(|(_, g)| g).filter(|g| g.contains("/id/article/")) else { continue };
        if g != current {
            assert!(done.insert(g.to_string()), "{g} comes back after another article");
            current = g.to_string();
        }
    }
    // the seed page is six articles, the rest one each
    assert_eq!(done.len(), 6 + 9);
}

#[test]
fn a_bad_record_is_named_by_its_line_and_the_others_stream() {
    let recs = records();
    let input = format!("{}\n\n{{\"text\": broken\n{}\n{{\"id\": \"x\"}}\n{}\n", recs[1], recs[2], recs[3]);
    let o = zonekg().args(["build", "-", "--out", "-", "-q"]).write_stdin(input).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("<stdin>:3:"), "{err}");
    assert!(err.lines().any(|l| l.contains("<stdin>:5:") && l.contains("neither title nor text")), "{err}");
    let out = lines(&o.stdout);
    assert_eq!(out, lines(&stream(&[recs[1].clone(), recs[2].clone(), recs[3].clone()], "1").0));
    // a line that is not UTF-8
    let mut bytes = format!("{}\n", recs[1]).into_bytes();
    bytes.extend(b"{\"text\": \"\xff\xfe\"}\n");
    let o = zonekg().args(["build", "-", "--out", "-", "-q"]).write_stdin(bytes).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.lines().any(|l| l.contains("<stdin>:2:") && l.contains("not UTF-8")), "{err}");
}

#[test]
fn a_reader_that_stops_early_ends_the_stream_quietly() {
    // `zonekg build - --out - | head`: the closed pipe is no error
    let recs = records();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("zonekg"))
        .args(["build", "-", "--out", "-", "-q"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        for r in recs.iter().cycle().take(400) {
            if writeln!(stdin, "{r}").is_err() {
                break;
            }
        }
    });
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.ends_with(" .\n"));
    // stdout is closed here
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn an_empty_partition_is_no_error() {
    // Spark hands an empty partition to the stage as an empty stdin; with checkCode an error would fail the job
    for input in ["", "\n\n", " \r\n"] {
        let o = zonekg().args(["build", "-", "--out", "-", "-q"]).write_stdin(input).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{input:?}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(o.stdout.is_empty() && o.stderr.is_empty());
    }
}

#[test]
fn each_record_is_answered_before_the_input_ends() {
    let recs = records();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("zonekg"))
        .args(["build", "-", "--out", "-", "-q", "--threads", "2"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    for r in &recs[1..3] {
        writeln!(stdin, "{r}").unwrap();
        stdin.flush().unwrap();
        // this record's article comes out while stdin is still open
        let mut line = String::new();
        loop {
            line.clear();
            assert!(stdout.read_line(&mut line).unwrap() > 0, "stdout ended");
            if line.contains("<https://w3id.org/zonekg/ontology#source>") {
                break;
            }
        }
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn the_stream_takes_plain_text_and_n_triples_and_refuses_what_it_cannot_stream() {
    let page = std::fs::read_to_string(seed()).unwrap();
    let o = zonekg().args(["build", "-", "--out", "-", "-q", "--format", "nt"]).write_stdin(page.clone()).output().unwrap();
    assert!(o.status.success());
    let triples = crate::common::triples_of(oxigraph::io::RdfFormat::NTriples, &o.stdout).unwrap();
    let d = tempfile::tempdir().unwrap();
    let o = zonekg().args(["build", "-", "--no-store", "-q", "--format", "nt", "--out"]).arg(d.path()).write_stdin(page.clone()).output().unwrap();
    assert!(o.status.success());
    assert_eq!(triples, crate::common::triples_of(oxigraph::io::RdfFormat::NTriples, &std::fs::read(d.path().join("graph.nt")).unwrap()).unwrap());
    for (args, says) in [(&["--format", "ttl"][..], "--format nq"), (&["--store", "s"][..], "drop --store")] {
        let o = zonekg().args(["build", "-", "--out", "-"]).args(args).current_dir(d.path()).write_stdin(page.clone()).output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stdout.is_empty());
        assert!(String::from_utf8_lossy(&o.stderr).contains(says));
    }
    assert!(!d.path().join("-").exists() && !d.path().join("s").exists());
}

/// tests/fixtures/cross-articles.jsonl, articles of my own writing where only
/// the corpus tells two IRIs are one thing: a company declared in one
/// article and named short in another, an official whose two articles sit
/// in different zones, and a short name two companies declare (left alone).
fn cross() -> Vec<String> {
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cross-articles.jsonl");
    std::fs::read_to_string(f).unwrap().lines().map(str::to_string).collect()
}

fn resolve(args: &[&std::ffi::OsStr], stdin: Option<Vec<u8>>) -> (i32, Vec<u8>, String) {
    let mut c = zonekg();
    c.arg("resolve").args(args);
    if let Some(s) = stdin {
        c.write_stdin(s);
    }
    let o = c.output().unwrap();
    (o.status.code().unwrap_or(-1), o.stdout, String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn corpus_resolution_over_the_union_of_partitions_is_the_single_builds() {
    let d = tempfile::tempdir().unwrap();
    let corpus = d.path().join("cross.jsonl");
    let recs = cross();
    std::fs::write(&corpus, recs.join("\n") + "\n").unwrap();
    let o = zonekg().arg("build").arg(&corpus).arg("--out").arg(d.path().join("out")).arg("--store").arg(d.path().join("store")).args(["-q", "--format", "nq"]).output().unwrap();
    assert!(o.status.success());
    let (code, single, err) = resolve(&[d.path().join("out/graph.nq").as_os_str()], None);
    assert_eq!(code, 0, "{err}");
    let text = String::from_utf8(single.clone()).unwrap();
    let same_as: Vec<&str> = text.lines().filter(|l| l.contains("owl#sameAs")).collect();
    assert_eq!(same_as.len(), 2, "{text}");
    assert!(
        same_as[0].starts_with(
            "<https://w3id.org/zonekg/id/org/中国能建> <http://www.w3.org/2002/07/owl#sameAs> <https://w3id.org/zonekg/id/org/中国能源建设> <https://w3id.org/zonekg/id/rule/corpus.declared-alias>"
        ),
        "{text}"
    );
    assert!(same_as[1].contains("person/张明%40芜湖经济技术开发区> <http://www.w3.org/2002/07/owl#sameAs> <https://w3id.org/zonekg/id/person/张明%40合肥高新区>"), "{text}");
    assert!(!text.contains("华光"), "an alias two companies declare links neither: {text}");
    crate::common::triples_of(oxigraph::io::RdfFormat::NQuads, &single).unwrap();
    // each record streamed alone into its own part file (as Spark writes them), resolved over the folder
    let parts = d.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    for (i, r) in recs.iter().enumerate() {
        let rec = {
            let mut v: serde_json::Value = serde_json::from_str(r).unwrap();
            v["source"] = format!("cross.jsonl:{}", i + 1).into();
            v.to_string()
        };
        std::fs::write(parts.join(format!("part-{i:05}-c000.txt")), stream(&[rec], "1").0).unwrap();
    }
    std::fs::write(parts.join("_SUCCESS"), b"").unwrap();
    assert_eq!(resolve(&[parts.as_os_str()], None).1, single);
    // from the store, and from stdin
    assert_eq!(resolve(&["--store".as_ref(), d.path().join("store").as_os_str()], None).1, single);
    let all: Vec<u8> = (0..recs.len()).flat_map(|i| std::fs::read(parts.join(format!("part-{i:05}-c000.txt"))).unwrap()).collect();
    assert_eq!(resolve(&["-".as_ref()], Some(all)).1, single);
    // the links beside the store: zonekg query --with joins the two names of the company
    let links = d.path().join("links.nq");
    let (code, _, err) = resolve(&["--store".as_ref(), d.path().join("store").as_os_str(), "--out".as_ref(), links.as_os_str()], None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&links).unwrap(), single);
    let o = zonekg()
        .args(["query", "--format", "csv", "--store"])
        .arg(d.path().join("store"))
        .arg("--with")
        .arg(&links)
        .arg("SELECT ?short ?full WHERE { ?x owl:sameAs ?y . ?x rdfs:label ?short . ?y rdfs:label ?full . ?y skos:altLabel ?short }")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "short,full\r\n中国能建,中国能源建设\r\n");
    // a file that is not RDF is named, with where it went wrong
    std::fs::write(d.path().join("bad.nq"), "<a> <b> .\n").unwrap();
    let (code, out, err) = resolve(&[d.path().join("bad.nq").as_os_str()], None);
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.contains("bad.nq"), "{err}");
}
