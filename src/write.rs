//! Writes generated files into a directory: all or nothing, atomically, and only the files
//! whose content changed (so cargo does not rebuild what did not change).

use std::path::{Path, PathBuf};

use crate::error::{err, Result};
use crate::output::GeneratedFile;

/// What [`write_all`] did with each file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written (new or changed).
    pub changed: Vec<PathBuf>,
    /// Files already up to date, left alone.
    pub unchanged: Vec<PathBuf>,
}

/// Writes generated files under a directory (created if needed), one at a time as they are
/// generated: each changed file goes to a temporary file beside its target at once, and only
/// when every file is staged [`Staged::commit`] renames them all into place. Dropped without
/// a commit (an error on the way), it removes the temporary files, so an error leaves the
/// directory as it was.
pub(crate) struct Staged<'d> {
    dir: &'d Path,
    names: std::collections::HashSet<String>,
    pending: Vec<(PathBuf, PathBuf)>,
    unchanged: Vec<PathBuf>,
}

impl<'d> Staged<'d> {
    pub(crate) fn new(dir: &'d Path) -> Self {
        Staged {
            dir,
            names: std::collections::HashSet::new(),
            pending: Vec::new(),
            unchanged: Vec::new(),
        }
    }

    /// Writes `f`'s temporary file (or notes that its content is already there).
    pub(crate) fn stage(&mut self, f: &GeneratedFile) -> Result<()> {
        if f.name.is_empty()
            || Path::new(&f.name).is_absolute()
            || f.name.split(['/', '\\']).any(|c| c == "..")
        {
            return Err(err!(
                "internal error: generated file name '{}' leaves the output directory",
                f.name
            ));
        }
        if !self.names.insert(f.name.clone()) {
            return Err(err!(
                "internal error: two generated files are named '{}'",
                f.name
            ));
        }
        match prepare(self.dir, f)? {
            Prepared::Unchanged(target) => self.unchanged.push(target),
            Prepared::Pending(temp, target) => self.pending.push((temp, target)),
        }
        Ok(())
    }

    /// Renames every temporary file into place.
    pub(crate) fn commit(mut self) -> Result<Written> {
        let pending = std::mem::take(&mut self.pending);
        let mut written = Written {
            changed: Vec::with_capacity(pending.len()),
            unchanged: std::mem::take(&mut self.unchanged),
        };
        for (i, (temp, target)) in pending.iter().enumerate() {
            if let Err(e) = std::fs::rename(temp, target) {
                for (t, _) in &pending[i..] {
                    let _ = std::fs::remove_file(t);
                }
                return Err(err!("cannot write {}: {e}", target.display()));
            }
            written.changed.push(target.clone());
        }
        Ok(written)
    }
}

impl Drop for Staged<'_> {
    fn drop(&mut self) {
        for (temp, _) in &self.pending {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// A file whose content is already there, or its temporary file written (and where it goes).
enum Prepared {
    Unchanged(PathBuf),
    Pending(PathBuf, PathBuf),
}

fn prepare(dir: &Path, f: &GeneratedFile) -> Result<Prepared> {
    let target = dir.join(&f.name);
    if std::fs::read(&target).is_ok_and(|old| old == f.content.as_bytes()) {
        return Ok(Prepared::Unchanged(target));
    }
    let parent = target.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(|e| {
        err!(
            "cannot create the output directory {}: {e}",
            parent.display()
        )
    })?;
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, &f.content).map_err(|e| err!("cannot write {}: {e}", temp.display()))?;
    Ok(Prepared::Pending(temp, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_all(dir: &Path, files: &[GeneratedFile]) -> Result<Written> {
        let mut staged = Staged::new(dir);
        for f in files {
            staged.stage(f)?;
        }
        staged.commit()
    }

    fn file(name: &str, content: &str) -> GeneratedFile {
        GeneratedFile {
            name: name.to_owned(),
            content: content.to_owned(),
        }
    }

    fn temp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rustsvc-write-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn writes_changed_files_only() {
        let dir = temp("changed");
        let w = write_all(&dir, &[file("a.rs", "A"), file("b.rs", "B")]).unwrap();
        assert_eq!(w.changed.len(), 2);
        let w = write_all(&dir, &[file("a.rs", "A"), file("b.rs", "B2")]).unwrap();
        assert_eq!(w.changed, vec![dir.join("b.rs")]);
        assert_eq!(w.unchanged, vec![dir.join("a.rs")]);
        assert_eq!(std::fs::read_to_string(dir.join("b.rs")).unwrap(), "B2");
        // No temporary files are left behind.
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec!["a.rs", "b.rs"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_two_files_of_one_name() {
        let dir = temp("twice");
        let e = write_all(&dir, &[file("a.rs", "A"), file("a.rs", "B")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "internal error: two generated files are named 'a.rs'"
        );
        assert!(!dir.join("a.rs").exists());
    }

    #[test]
    fn writes_nothing_when_one_file_fails() {
        let dir = temp("fails");
        std::fs::create_dir_all(&dir).unwrap();
        // A file where the second output needs a directory: its write fails after the
        // first one was prepared, and the first must not land either.
        std::fs::write(dir.join("blocker"), "").unwrap();
        let e = write_all(&dir, &[file("a.rs", "A"), file("blocker/b.rs", "B")]).unwrap_err();
        assert!(
            e.message()
                .starts_with("cannot create the output directory"),
            "{e}"
        );
        assert!(!dir.join("a.rs").exists());
        // Nor any temporary file.
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["blocker"]);
        let e = write_all(&dir, &[file("../x.rs", "X")]).unwrap_err();
        assert!(e.message().contains("leaves the output directory"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
