//! Faults (issue 14): a build killed at any moment loses nothing and leaves
//! nothing half-written, and the next build needs no clean-up.

use crate::common::seed;
use assert_cmd::cargo::CommandCargoExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// A corpus of 40 articles (the seed page's articles under new
/// ids), so that a build runs long enough to be killed in the middle.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let page = std::fs::read_to_string(seed()).unwrap();
    let mut jsonl = String::new();
    for i in 0..40 {
        let rec = serde_json::json!({ "id": format!("k{i:03}"), "title": format!("第{i}篇"), "text": page });
        jsonl.push_str(&rec.to_string());
        jsonl.push('\n');
    }
    let p = dir.join("in.jsonl");
    std::fs::write(&p, jsonl).unwrap();
    p
}

fn build(input: &Path, out: &Path, store: &Path) -> Command {
    let mut c = Command::cargo_bin("zonekg").unwrap();
    c.env_remove("ZONEKG_STORE").arg("build").arg(input).arg("--out").arg(out).arg("--store").arg(store).args(["-q", "--format", "ttl,nq,graphml"]);
    c
}

/// Every file in `dir` (recursively) whose name is not a temporary file, by relative path.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return Default::default();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with(".zonekg-") && e.file_name() != "LOCK")
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Kills a build with SIGKILL at moments spread over its run, again and
/// again: every export and every store file that exists is whole (the same
/// bytes a build that ran to the end writes), and the next build succeeds
/// without anyone removing a lock.
#[test]
fn a_build_killed_at_any_moment_leaves_whole_files_and_no_lock() {
    let d = tempfile::tempdir().unwrap();
    let input = corpus(d.path());
    // what a build that runs to the end writes
    let (ref_out, ref_store) = (d.path().join("ref/out"), d.path().join("ref/store"));
    let t = std::time::Instant::now();
    assert!(build(&input, &ref_out, &ref_store).status().unwrap().success());
    let full = t.elapsed();
    let (want_out, want_store) = (files(&ref_out), files(&ref_store));
    let (out, store) = (d.path().join("out"), d.path().join("store"));
    for k in 0..8u32 {
        // from the start of the run to past its end
        let at = full.mul_f64(f64::from(k) / 6.0);
        let mut child = build(&input, &out, &store).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in files(&out) {
            assert!(want_out.get(&name) == Some(&bytes), "after a kill at {at:?}: out/{name} is not a whole export");
        }
        for (name, bytes) in files(&store) {
            assert!(want_store.get(&name) == Some(&bytes), "after a kill at {at:?}: store/{name} is not a whole file");
        }
    }
    // and the next build runs, with nobody removing a lock
    let o = build(&input, &out, &store).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files(&out), want_out);
    assert_eq!(files(&store), want_store);
    // and what the killed builds were writing is gone
    for e in walkdir::WalkDir::new(d.path().join("out")).into_iter().chain(walkdir::WalkDir::new(&store)).map(Result::unwrap) {
        assert!(!e.file_name().to_string_lossy().starts_with(".zonekg-"), "left behind: {}", e.path().display());
    }
}

/// A disk that fills (here: a file-size limit, `ulimit -f`) stops the build
/// with a message naming where, and the exports already there stay whole.
#[cfg(unix)]
#[test]
fn a_full_disk_is_an_error_and_the_old_exports_stay() {
    let d = tempfile::tempdir().unwrap();
    let (out, store) = (d.path().join("out"), d.path().join("store"));
    assert!(build(&seed(), &out, &store).status().unwrap().success());
    let before = files(&out);
    let input = corpus(d.path());
    let bin = assert_cmd::cargo::cargo_bin("zonekg");
    let o = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -f 400 && exec "$0" build "$1" --out "$2" --store "$3" -q --format ttl,nq,graphml"#)
        .arg(&bin)
        .arg(&input)
        .arg(&out)
        .arg(&store)
        .env_remove("ZONEKG_STORE")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("File too large") && err.contains(&out.display().to_string()), "{err}");
    assert_eq!(files(&out), before);
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().starts_with(".zonekg-")));
}

/// Names no one should write (quotes, `<>&`, backslashes, newlines, NUL,
/// U+2028, right-to-left marks, emoji, ids that look like IRIs or paths) go
/// through every export to files that parse, each RDF format to the same
/// statements; UTF-16 with a lone surrogate decodes. (`.ci/run` reads the same
/// exports with rapper, rdflib, Jena and xmllint.)
#[test]
fn hostile_names_reach_every_export_as_valid_files() {
    use oxigraph::io::RdfFormat;
    let d = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-names.jsonl");
    // UTF-16LE with a BOM, a lone high surrogate in the middle
    let mut u16 = vec![0xFF, 0xFE];
    for unit in "沈阳高新区工业总产值增长5%。".encode_utf16().chain([0xD800]).chain("管委会主任张伟表示。".encode_utf16()) {
        u16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(d.path().join("u16.txt"), u16).unwrap();
    let out = d.path().join("out");
    let o = Command::cargo_bin("zonekg")
        .unwrap()
        .arg("build")
        .arg(&fixture)
        .arg(d.path().join("u16.txt"))
        .arg("--out")
        .arg(&out)
        .args(["--no-store", "-q", "--format", "ttl,nt,nq,trig,rdf,jsonld,graphml,gexf"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut counts = Vec::new();
    for (file, format) in [
        ("graph.ttl", RdfFormat::Turtle),
        ("graph.nt", RdfFormat::NTriples),
        ("graph.nq", RdfFormat::NQuads),
        ("graph.trig", RdfFormat::TriG),
        ("graph.rdf", RdfFormat::RdfXml),
        ("graph.jsonld", RdfFormat::JsonLd { profile: Default::default() }),
    ] {
        let triples = crate::common::triples_of(format, &std::fs::read(out.join(file)).unwrap()).unwrap_or_else(|e| panic!("{file}: {e}"));
        counts.push((file, triples.len()));
    }
    assert!(counts.iter().all(|c| c.1 == counts[0].1 && c.1 > 100), "{counts:?}");
    for f in ["graph.graphml", "graph.gexf"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        let mut r = quick_xml::Reader::from_str(&text);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{f}: {e}"),
            }
        }
    }
}

/// Per article graph, its statement count as `query` sees it.
fn counts_per_graph(store: &Path) -> std::collections::BTreeMap<String, u64> {
    let o =
        Command::cargo_bin("zonekg").unwrap().args(["query", "--format", "csv", "--store"]).arg(store).arg("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap().lines().skip(1).filter_map(|l| l.split_once(',')).map(|(g, n)| (g.to_string(), n.trim().parse().unwrap())).collect()
}

/// `query` while a build rewrites the store sees each article's graph whole:
/// as the build before wrote it or as the new one does, never a part.
#[test]
fn a_query_during_a_build_sees_each_article_whole() {
    let d = tempfile::tempdir().unwrap();
    let first = corpus(d.path());
    // the same articles, each with one more sentence: every graph changes
    let second = d.path().join("second.jsonl");
    let changed: String = std::fs::read_to_string(&first)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            let t = format!("{}\n佛山高新区规上工业总产值增长5.2%。", v["text"].as_str().unwrap());
            v["text"] = t.into();
            format!("{v}\n")
        })
        .collect();
    std::fs::write(&second, changed).unwrap();
    let (old_store, new_store, store) = (d.path().join("old"), d.path().join("new"), d.path().join("store"));
    for (input, s) in [(&first, &old_store), (&second, &new_store), (&first, &store)] {
        assert!(build(input, &d.path().join("o"), s).status().unwrap().success());
    }
    let (old, new) = (counts_per_graph(&old_store), counts_per_graph(&new_store));
    assert!(old.iter().all(|(g, n)| new.get(g).is_some_and(|m| m != n)), "the second build changes every graph");
    let mut writer = build(&second, &d.path().join("o2"), &store).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let mut seen = 0;
    while writer.try_wait().unwrap().is_none() || seen == 0 {
        for (g, n) in counts_per_graph(&store) {
            assert!(old.get(&g) == Some(&n) || new.get(&g) == Some(&n), "{g}: {n} statements, neither {:?} nor {:?}", old.get(&g), new.get(&g));
        }
        seen += 1;
    }
    assert!(writer.wait().unwrap().success());
    assert_eq!(counts_per_graph(&store), new);
}
