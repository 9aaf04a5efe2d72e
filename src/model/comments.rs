//! Comments and source positions, read once from `SourceCodeInfo`.

use std::collections::HashMap;

use crate::pb::{Location, SourceCodeInfo};

/// The comments protoc attached to one element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comments<'a> {
    pub leading: Option<&'a str>,
    pub trailing: Option<&'a str>,
}

impl Comments<'_> {
    pub fn is_empty(&self) -> bool {
        self.leading.is_none() && self.trailing.is_none()
    }
}

/// Where an element was declared, for error messages: `file.proto:12:3` (line and column
/// when protoc gave source info, just the file otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub file: String,
    pub line: Option<i32>,
    pub column: Option<i32>,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// Source info of one file, indexed by element path.
pub struct SourceIndex<'a> {
    file: &'a str,
    by_path: HashMap<&'a [i32], &'a Location>,
}

impl<'a> SourceIndex<'a> {
    pub fn new(file: &'a str, info: Option<&'a SourceCodeInfo>) -> Self {
        let mut by_path = HashMap::new();
        if let Some(info) = info {
            for loc in &info.location {
                // The first location for a path is the element's own declaration.
                by_path.entry(loc.path.as_slice()).or_insert(loc);
            }
        }
        SourceIndex { file, by_path }
    }

    pub fn comments(&self, path: &[i32]) -> Comments<'a> {
        match self.by_path.get(path) {
            Some(loc) => Comments {
                leading: loc.leading_comments.as_deref().filter(|c| !c.is_empty()),
                trailing: loc.trailing_comments.as_deref().filter(|c| !c.is_empty()),
            },
            None => Comments::default(),
        }
    }

    pub fn position(&self, path: &[i32]) -> Position {
        let span = self.by_path.get(path).map(|l| l.span.as_slice());
        Position {
            file: self.file.to_owned(),
            line: span.and_then(|s| s.first()).map(|l| l + 1),
            column: span.and_then(|s| s.get(1)).map(|c| c + 1),
        }
    }
}
