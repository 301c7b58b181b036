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
