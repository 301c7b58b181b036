//! What the integration tests share: the seed page and a build of it.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The bundled newspaper page.
pub fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/000_1180e4d859a6c566.txt")
}

/// Builds the seed page into `dir/out` (the given formats) and `dir/store`, quietly;
/// panics with zonekg's stderr if the build fails.
pub fn build_seed_into(dir: &Path, formats: &str) {
    let o = Command::cargo_bin("zonekg")
        .unwrap()
        .env_remove("ZONEKG_STORE")
        .arg("build")
        .arg(seed())
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--store")
        .arg(dir.join("store"))
        .args(["-q", "--format", formats])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A build of the seed page with these formats, made once per test run and
/// shared (read it, do not change it): `dir/out` and `dir/store`.
pub fn shared_seed(formats: &str) -> &'static Path {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static BUILDS: OnceLock<Mutex<HashMap<String, &'static Path>>> = OnceLock::new();
    let mut builds = BUILDS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    builds.entry(formats.to_string()).or_insert_with(|| {
        // kept for the whole run (the process exit leaves the folder to the OS temp cleaner)
        let dir: &'static Path = Box::leak(tempfile::tempdir().unwrap().keep().into_boxed_path());
        build_seed_into(dir, formats);
        dir
    })
}

/// A fresh copy of the shared seed build (`out` and `store`), to change.
pub fn seed_copy(formats: &str) -> tempfile::TempDir {
    let from = shared_seed(formats);
    let d = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let to = d.path().join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    d
}

/// The statements of an RDF document as a set of N-Triples lines (graph
/// names dropped), or the parser's error.
pub fn triples_of(format: oxigraph::io::RdfFormat, bytes: &[u8]) -> Result<std::collections::BTreeSet<String>, String> {
    oxigraph::io::RdfParser::from_format(format).for_slice(bytes).map(|q| q.map(|q| oxigraph::model::Triple::from(q).to_string()).map_err(|e| e.to_string())).collect()
}
