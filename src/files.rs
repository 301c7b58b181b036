//! Files written whole or not at all.

use std::io::{self, Write};
use std::path::Path;

/// The name of zonekg's temporary files starts with this and the writing
/// process's id (`.zonekg-<pid>-…tmp`), so that one left by a build that
/// was killed can be told from one a running build is writing.
pub fn temp_prefix() -> String {
    format!(".zonekg-{}-", std::process::id())
}

/// A temporary file in `dir` (see [`temp_prefix`]).
pub fn temp_file_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new().prefix(&temp_prefix()).suffix(".tmp").tempfile_in(dir)
}

/// Removes the temporary files in `dir` that builds left when they were
/// killed: those of a process that is not running (all of them, `all`,
/// when the caller holds the lock that every writer there takes). Returns
/// how many; says so on stderr when any.
pub fn remove_stale_temps(dir: &Path, all: bool) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let me = std::process::id().to_string();
    // whether a process runs, where the system says (Linux's /proc); elsewhere only `all` removes
    let running = |pid: &str| !Path::new("/proc/self").exists() || Path::new("/proc").join(pid).exists();
    let mut n = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(".zonekg-").filter(|_| name.ends_with(".tmp")) else { continue };
        let pid = rest.split('-').next().unwrap_or("");
        let dead = pid.bytes().all(|b| b.is_ascii_digit()) && !pid.is_empty() && pid != me && !running(pid);
        if (all && pid != me || dead) && std::fs::remove_file(e.path()).is_ok() {
            n += 1;
        }
    }
    if n > 0 {
        eprintln!("zonekg: {}: removed {n} temporary file(s) left by a build that did not finish", dir.display());
    }
    n
}

/// Writes a file atomically: into a temporary file in the same folder, then
/// renamed over the target.
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    write_atomic_opt(path, true, f)
}

/// As [`write_atomic`]; `sync` false skips the fsync (for many small files:
/// the rename still never exposes a half-written file to readers).
pub fn write_atomic_opt(path: &Path, sync: bool, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = temp_file_in(dir)?;
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

    #[test]
    fn temporary_files_of_dead_builds_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mine = temp_file_in(dir.path()).unwrap();
        // pid 0 is no process that writes files
        std::fs::write(dir.path().join(".zonekg-0-abc.tmp"), "left").unwrap();
        // an older zonekg's name (no pid) and files that are not ours stay
        std::fs::write(dir.path().join(".zonekg-abc.tmp"), "old").unwrap();
        std::fs::write(dir.path().join("graph.nq"), "x").unwrap();
        if Path::new("/proc/self").exists() {
            assert_eq!(remove_stale_temps(dir.path(), false), 1);
            assert!(!dir.path().join(".zonekg-0-abc.tmp").exists());
        }
        assert!(mine.path().exists() && dir.path().join("graph.nq").exists());
        // under the lock every writer takes, every other temporary file is stale
        assert_eq!(remove_stale_temps(dir.path(), true), 1);
        assert!(mine.path().exists() && dir.path().join("graph.nq").exists() && !dir.path().join(".zonekg-abc.tmp").exists());
    }
}
