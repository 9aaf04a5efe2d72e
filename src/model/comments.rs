//! Comments and source positions, read once from `SourceCodeInfo`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{err, Result};
use crate::pb::wire::WireError;
use crate::pb::SourceCodeInfo;

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
    /// Shared by every element of the file.
    pub file: Arc<str>,
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

/// A file's source info as the request has it.
#[derive(Clone, Copy)]
pub enum SourceInfo<'a> {
    /// Decoded (the pure parser's output, or a request decoded whole).
    Decoded(Option<&'a SourceCodeInfo>),
    /// Encoded ([`crate::pb::Request`]).
    Encoded(&'a [u8]),
}

/// What is kept of one location: where it starts and its comments.
struct Declaration<'a> {
    line: Option<i32>,
    column: Option<i32>,
    leading: Option<&'a str>,
    trailing: Option<&'a str>,
}

/// Source info of one file, indexed by element path. Only declarations are kept: paths of
/// even length (`[4, 0]` a message, `[4, 0, 2, 1]` its field); the odd-length ones are parts
/// of a declaration (its name, number, type…), most of protoc's locations, never looked up.
pub struct SourceIndex<'a> {
    file: Arc<str>,
    by_path: HashMap<Cow<'a, [i32]>, Declaration<'a>>,
}

impl<'a> SourceIndex<'a> {
    pub fn new(file: &str, info: SourceInfo<'a>) -> Result<Self> {
        let mut index = SourceIndex {
            file: Arc::from(file),
            by_path: HashMap::new(),
        };
        match info {
            SourceInfo::Decoded(None) => {}
            SourceInfo::Decoded(Some(info)) => {
                for loc in &info.location {
                    index.add(
                        Cow::Borrowed(loc.path.as_slice()),
                        &loc.span,
                        loc.leading_comments.as_deref(),
                        loc.trailing_comments.as_deref(),
                    );
                }
            }
            SourceInfo::Encoded(bytes) => {
                index.add_encoded(bytes).map_err(|e| {
                    err!("{file}: the request's source info is not valid protobuf ({e})")
                })?;
            }
        }
        Ok(index)
    }

    fn add(
        &mut self,
        path: Cow<'a, [i32]>,
        span: &[i32],
        leading: Option<&'a str>,
        trailing: Option<&'a str>,
    ) {
        if !crate::pb::is_declaration(&path) {
            return;
        }
        // The first location for a path is the element's own declaration.
        self.by_path.entry(path).or_insert_with(|| Declaration {
            line: span.first().map(|l| l + 1),
            column: span.get(1).map(|c| c + 1),
            leading: leading.filter(|c| !c.is_empty()),
            trailing: trailing.filter(|c| !c.is_empty()),
        });
    }

    /// Reads an encoded `SourceCodeInfo`.
    fn add_encoded(&mut self, bytes: &'a [u8]) -> std::result::Result<(), WireError> {
        crate::pb::for_each_location(bytes, |path, span, leading, trailing| {
            if crate::pb::is_declaration(path) {
                self.add(Cow::Owned(path.to_vec()), span, leading, trailing);
            }
        })
    }

    pub fn comments(&self, path: &[i32]) -> Comments<'a> {
        match self.by_path.get(path) {
            Some(d) => Comments {
                leading: d.leading,
                trailing: d.trailing,
            },
            None => Comments::default(),
        }
    }

    pub fn position(&self, path: &[i32]) -> Position {
        let d = self.by_path.get(path);
        Position {
            file: self.file.clone(),
            line: d.and_then(|d| d.line),
            column: d.and_then(|d| d.column),
        }
    }
}
