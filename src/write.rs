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

/// Writes `files` under `dir` (created if needed). Each changed file is first written to a
/// temporary file beside it; only when every temporary file is written are they renamed
/// into place, so an error leaves the directory as it was.
pub fn write_all(dir: &Path, files: &[GeneratedFile]) -> Result<Written> {
    let mut names = std::collections::HashSet::with_capacity(files.len());
    for f in files {
        if !names.insert(f.name.as_str()) {
            return Err(err!(
                "internal error: two generated files are named '{}'",
                f.name
            ));
        }
        if f.name.is_empty()
            || Path::new(&f.name).is_absolute()
            || f.name.split(['/', '\\']).any(|c| c == "..")
        {
            return Err(err!(
                "internal error: generated file name '{}' leaves the output directory",
                f.name
            ));
        }
    }
    // The temporary files, on all cores (creating files is most of the time on a large
    // tree); every file is tried, and on any error all those written are removed.
    let prepared = crate::pool::map_on_all_cores(files, |f| prepare(dir, f));
    if let Some(e) = prepared.iter().find_map(|p| p.as_ref().err()) {
        let e = e.clone();
        for p in &prepared {
            if let Ok(Prepared::Pending(temp, _)) = p {
                let _ = std::fs::remove_file(temp);
            }
        }
        return Err(e);
    }
    let mut written = Written::default();
    let mut pending: Vec<(PathBuf, PathBuf)> = Vec::new();
    for p in prepared.into_iter().flatten() {
        match p {
            Prepared::Unchanged(target) => written.unchanged.push(target),
            Prepared::Pending(temp, target) => pending.push((temp, target)),
        }
    }
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
        // Nor any temporary file, though the files are written on several threads.
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
