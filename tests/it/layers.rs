//! The library's layers only point down: every `crate::X` path in module M
//! names a module of a lower layer than M (or M itself). The order is the
//! one `src/lib.rs` documents; a new module must be given its place here.

use std::collections::BTreeMap;
use std::path::Path;

/// Top-level modules, lowest layer first.
const LAYERS: &[&[&str]] =
    &[&["model"], &["files"], &["text"], &["lexicon"], &["input"], &["extract"], &["resolve"], &["export"], &["store"], &["pipeline"], &["explain"], &["validate"], &["render"], &["serve"]];

fn rank(m: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&m))
}

/// The crate modules a source file refers to (code only, not comments).
fn references(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in src.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(inner) = rest.strip_prefix('{') {
                // use crate::{a, b::c}
                let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
                out.extend(inner.split(',').map(|p| p.trim().split("::").next().unwrap_or("").to_string()).filter(|p| !p.is_empty()));
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn layers_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if matches!(top.as_str(), "lib" | "main" | "cli") {
            continue; // the crate root declares the modules; the binary sits above all
        }
        files += 1;
        let m_rank = rank(&top).unwrap_or_else(|| panic!("src/{}: module {top} has no layer in tests/it/layers.rs", rel.display()));
        for r in references(&std::fs::read_to_string(path).unwrap()) {
            if r == top || r.is_empty() {
                continue;
            }
            let r_rank = rank(&r).unwrap_or_else(|| panic!("src/{}: crate::{r} is not a module with a layer", rel.display()));
            if r_rank >= m_rank {
                edges.insert((top.clone(), r.clone()), rel.display().to_string());
            }
        }
    }
    assert!(files > 20, "read only {files} files");
    assert!(edges.is_empty(), "references that point up or sideways (module -> module: file): {edges:?}");
}

#[test]
fn the_check_sees_references() {
    // the parser finds plain paths and use-lists, and skips comments
    assert_eq!(references("use crate::model::stmts;\nlet x = crate::text::fold_char(c); // crate::store"), ["model", "text"]);
    assert_eq!(references("use crate::{input::RawDoc, text};"), ["input", "text"]);
}
