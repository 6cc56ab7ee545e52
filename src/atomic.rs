//! Writing files so that a failed or interrupted run never leaves a half-written file, a
//! stray temporary file, or a set of outputs half old and half new.
//!
//! [`replace_all`] writes a set of files in two stages. First every new text goes to a
//! temporary file (`.protogov-XXXX.tmp`) beside its target and is flushed to disk; a
//! failure here removes the temporary files and leaves every target as it was. Then the
//! temporary files are renamed over their targets; should a rename fail, the targets
//! already replaced get their old text back (each old file is kept under a second name,
//! a hard link, until the set is complete). Readers see each file whole, old or new.
//!
//! [`replace_in_place`] rewrites one file keeping its hard links, owner, group and mode, for
//! `protogov fmt` and `check --fix`: by a rename when a new file would keep them (a new
//! inode, without the old one's extended attributes), else by writing through the same
//! inode, which is not atomic for a reader that looks meanwhile.
//!
//! Interrupts: once a program calls [`handle_interrupts`], SIGINT, SIGTERM and SIGHUP that
//! arrive while files are being written are held back. One that arrives while the
//! temporary files are written stops the writing, the temporary files are removed and the
//! process then ends by that signal, every target as it was; one that arrives while the
//! renames run ends the process only once they are done, every target new. At any other
//! time the signal has its ordinary effect. Only `kill -9` or a power cut can end a write
//! midway; then a temporary file may be left, and the targets are still each whole.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically. On error the target is untouched and no
/// temporary file is left behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_all(&[(path.to_path_buf(), bytes.to_vec())]).map_err(|e| e.error)
}

/// Why a set of files was not written: the file and the error. No target was changed.
#[derive(Debug)]
pub struct SetError {
    /// The target that could not be written.
    pub path: PathBuf,
    /// What went wrong.
    pub error: std::io::Error,
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write `{}`: {}", self.path.display(), self.error)
    }
}

/// Replace every file of the set, or none: see the module's documentation.
pub fn replace_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), SetError> {
    let _held = interrupts::hold();
    let staged = stage(files)?;
    test_hook::pause("committing");
    commit(staged)
}

/// A new text in its temporary file, and the target it replaces.
struct Staged {
    temp: tempfile::TempPath,
    target: PathBuf,
}

/// Write every new text to a temporary file beside its target. On failure, or on an
/// interrupt, every temporary file made so far is removed (when `Staged` is dropped).
fn stage(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<Staged>, SetError> {
    let mut staged = Vec::with_capacity(files.len());
    for (i, (target, bytes)) in files.iter().enumerate() {
        let fail = |error| SetError {
            path: target.clone(),
            error,
        };
        let temp = temp_beside(target, bytes).map_err(fail)?;
        staged.push(Staged {
            temp,
            target: target.clone(),
        });
        test_hook::pause(&format!("staged {}", i + 1));
        if interrupts::pending() {
            drop(staged);
            interrupts::end_now();
        }
    }
    Ok(staged)
}

/// A synced temporary file beside `target` holding `bytes`, with the target's mode
/// (a new file is readable by everyone, as one created the ordinary way would be) and,
/// where the process may give it, the target's owner and group.
fn temp_beside(target: &Path, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
    let existing = std::fs::metadata(target);
    if existing.as_ref().is_ok_and(|m| m.is_dir()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".protogov-")
        .suffix(".tmp")
        .tempfile_in(parent(target))?;
    tmp.write_all(bytes)?;
    match existing {
        Ok(meta) => {
            tmp.as_file().set_permissions(meta.permissions())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let mine = tmp.as_file().metadata()?;
                if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
                    // Only the superuser may give a file away; others keep their own.
                    let _ = std::os::unix::fs::fchown(
                        tmp.as_file(),
                        Some(meta.uid()),
                        Some(meta.gid()),
                    );
                }
            }
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))?;
            }
        }
    }
    tmp.as_file().sync_all()?;
    Ok(tmp.into_temp_path())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Rename every staged file over its target. The old targets are kept under second
/// names until every rename has succeeded; if one fails, those already replaced are put
/// back and the error returned. A temporary file not renamed is removed when dropped.
fn commit(staged: Vec<Staged>) -> Result<(), SetError> {
    // Each target replaced so far, with its old file's second name (none for a new file).
    let mut done: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    for (i, s) in staged.into_iter().enumerate() {
        let renamed = backup_of(&s.target).and_then(|backup| {
            s.temp
                .persist(&s.target)
                .map(|_| backup)
                .map_err(|e| e.error)
        });
        match renamed {
            Ok(backup) => done.push((s.target, backup)),
            Err(error) => {
                for (target, backup) in done.into_iter().rev() {
                    match backup {
                        Some(b) => {
                            let _ = b.persist(&target);
                        }
                        None => {
                            let _ = std::fs::remove_file(&target);
                        }
                    }
                }
                return Err(SetError {
                    path: s.target,
                    error,
                });
            }
        }
        test_hook::pause(&format!("renamed {}", i + 1));
    }
    // Every target is new: the old files' second names go (when dropped).
    Ok(())
}

/// A second name for the file at `target`, when there is one: a hard link, or a copy
/// where the file system has no hard links.
fn backup_of(target: &Path) -> std::io::Result<Option<tempfile::TempPath>> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.is_file() || meta.file_type().is_symlink() => {}
        // Nothing to keep, or nothing a rename could replace (the rename then fails).
        _ => return Ok(None),
    }
    let temp = tempfile::Builder::new()
        .prefix(".protogov-")
        .suffix(".tmp")
        .tempfile_in(parent(target))?
        .into_temp_path();
    // The name is free for the link once the empty placeholder is gone; should another
    // process take it first, the link fails and the copy below is made instead.
    let name = temp.to_path_buf();
    std::fs::remove_file(&name)?;
    if std::fs::hard_link(target, &name).is_err() {
        std::fs::copy(target, &name)?;
    }
    Ok(Some(temp))
}

/// Rewrite the file at `path` from `old` (its current text) to `new`, keeping the file
/// itself: its hard links, owner, group and mode stay as they are.
///
/// When renaming a new file into place would keep all of these (one link, and the
/// process may give the new file the same owner and group), that is done, as
/// [`write_atomic`]. Otherwise the file is overwritten where it is: the old text is first
/// kept in a temporary file beside it, and put back if the write fails. Such a write is
/// not atomic for a reader that looks while it runs, and `kill -9` during it leaves the
/// old text in that temporary file (whose name the error names).
pub fn replace_in_place(path: &Path, old: &[u8], new: &[u8]) -> std::io::Result<()> {
    if keeps_identity_by_rename(path)? {
        return write_atomic(path, new);
    }
    let _held = interrupts::hold();
    let mut backup = tempfile::Builder::new()
        .prefix(".protogov-")
        .suffix(".tmp")
        .tempfile_in(parent(path))?;
    backup.write_all(old)?;
    backup.as_file().sync_all()?;
    test_hook::pause("rewriting");
    if interrupts::pending() {
        drop(backup);
        interrupts::end_now();
    }
    match overwrite(path, new) {
        Ok(()) => Ok(()),
        Err(e) => match overwrite(path, old) {
            Ok(()) => Err(e),
            Err(_) => {
                let kept = backup.into_temp_path().keep().map_err(|k| k.error)?;
                Err(std::io::Error::new(
                    e.kind(),
                    format!("{e}; its old text is in `{}`", kept.display()),
                ))
            }
        },
    }
}

/// Write `bytes` over the file's contents, through the same inode.
fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)?;
    f.sync_all()
}

/// True when a new file renamed over `path` would have the same links, owner and group.
fn keeps_identity_by_rename(path: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path)?;
        if meta.nlink() > 1 {
            return Ok(false);
        }
        // SAFETY: geteuid and getegid cannot fail and touch no memory.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        Ok(uid == 0 || (meta.uid(), meta.gid()) == (uid, gid))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).map(|_| true)
    }
}

/// Let SIGINT, SIGTERM and SIGHUP be held back while files are written (see the module's
/// documentation). A program calls this once, at its start; a library that writes files
/// for a program of its own leaves it alone.
pub fn handle_interrupts() -> std::io::Result<()> {
    interrupts::install()
}

#[cfg(unix)]
mod interrupts {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    /// True while no file is being written: a signal then has its ordinary effect.
    static IDLE: AtomicBool = AtomicBool::new(true);
    /// The signal held back, or 0.
    static PENDING: AtomicUsize = AtomicUsize::new(0);
    /// True once the handlers are installed.
    static INSTALLED: AtomicBool = AtomicBool::new(false);

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    pub fn install() -> std::io::Result<()> {
        if INSTALLED.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        for sig in SIGNALS {
            // The ordinary effect comes first, when idle; otherwise the signal is noted.
            signal_hook::flag::register_conditional_default(sig, &IDLE)?;
            signal_hook::flag::register_usize(sig, &PENDING, sig as usize)?;
        }
        Ok(())
    }

    /// Signals are held back until this is dropped; then one that came takes effect.
    pub struct Hold {
        outer: bool,
    }

    pub fn hold() -> Hold {
        Hold {
            outer: IDLE.swap(false, Ordering::SeqCst),
        }
    }

    impl Drop for Hold {
        fn drop(&mut self) {
            if self.outer {
                IDLE.store(true, Ordering::SeqCst);
                if pending() {
                    end_now();
                }
            }
        }
    }

    /// True when a signal was held back.
    pub fn pending() -> bool {
        PENDING.load(Ordering::SeqCst) != 0
    }

    /// End the process by the signal held back, as it would have ended had the signal not
    /// been held. Called once the files are whole and no temporary file is left.
    pub fn end_now() -> ! {
        let sig = PENDING.load(Ordering::SeqCst) as libc::c_int;
        let _ = signal_hook::low_level::emulate_default_handler(sig);
        // The default action of these signals ends the process; should it not have:
        std::process::exit(128 + sig);
    }
}

#[cfg(not(unix))]
mod interrupts {
    pub fn install() -> std::io::Result<()> {
        Ok(())
    }
    pub struct Hold;
    pub fn hold() -> Hold {
        Hold
    }
    pub fn pending() -> bool {
        false
    }
    pub fn end_now() -> ! {
        std::process::exit(130)
    }
}

/// A pause for the interrupt tests, in debug builds only: with `PROTOGOV_TEST_PAUSE_AT`
/// set to a step of a write (`staged N`, `committing`, `renamed N`, `rewriting`), that
/// step prints `protogov-test-pause: STEP` on standard error and waits (up to ten
/// seconds, less once a signal is held back), so that a test can send a signal there.
mod test_hook {
    #[cfg(debug_assertions)]
    pub fn pause(step: &str) {
        use std::io::Write;
        if std::env::var_os("PROTOGOV_TEST_PAUSE_AT").is_none_or(|s| s != step) {
            return;
        }
        let _ = writeln!(std::io::stderr(), "protogov-test-pause: {step}");
        let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < end && !super::interrupts::pending() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[cfg(not(debug_assertions))]
    pub fn pause(_step: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.txt");
        std::fs::write(&target, "old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names(dir.path()), ["a.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_everyone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.txt");
        write_atomic(&target, b"new").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn a_missing_directory_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/dir/a.txt");
        assert!(write_atomic(&target, b"x").is_err());
        assert!(!target.exists());
    }

    #[test]
    fn a_set_that_cannot_be_written_whole_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::fs::write(&a, "old a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        // The third target cannot be replaced: it is a directory.
        let c = dir.path().join("c");
        std::fs::create_dir(&c).unwrap();
        let set = vec![
            (a.clone(), b"new a".to_vec()),
            (b.clone(), b"new b".to_vec()),
            (c.clone(), b"new c".to_vec()),
        ];
        let err = replace_all(&set).unwrap_err();
        assert_eq!(err.path, c);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old b");
        assert_eq!(names(dir.path()), ["a.txt", "b.txt", "c"]);
    }

    #[test]
    fn a_failed_rename_puts_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let new = dir.path().join("new.txt");
        std::fs::write(&a, "old a").unwrap();
        // Stage both, then make the second rename fail: its target became a directory.
        let set = vec![
            (a.clone(), b"new a".to_vec()),
            (new.clone(), b"new".to_vec()),
        ];
        let staged = stage(&set).unwrap();
        std::fs::create_dir(&new).unwrap();
        std::fs::write(new.join("x"), "").unwrap();
        assert!(commit(staged).is_err());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(names(dir.path()), ["a.txt", "new.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn rewriting_in_place_keeps_hard_links() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::fs::write(&a, "old text").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        let ino = std::fs::metadata(&a).unwrap().ino();
        replace_in_place(&a, b"old text", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
        assert_eq!(std::fs::metadata(&a).unwrap().ino(), ino);
        assert_eq!(std::fs::metadata(&a).unwrap().nlink(), 2);
        assert_eq!(names(dir.path()), ["a.txt", "b.txt"]);
    }
}
