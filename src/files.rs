//! Files written whole or not at all.

use std::io::{self, Write};
use std::path::Path;

/// Writes a file atomically: into a temporary file in the same folder, then
/// renamed over the target.
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    write_atomic_opt(path, true, f)
}

/// As [`write_atomic`]; `sync` false skips the fsync (for many small files:
/// the rename still never exposes a half-written file to readers).
pub fn write_atomic_opt(path: &Path, sync: bool, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".zonekg-").suffix(".tmp").tempfile_in(dir)?;
    {
        let mut bw = io::BufWriter::new(tmp.as_file_mut());
        f(&mut bw)?;
        bw.flush()?;
    }
    if sync {
        tmp.as_file().sync_all()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_old_file_on_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("graph.ttl");
        std::fs::write(&p, "old").unwrap();
        let r = write_atomic(&p, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file left");
    }
}
