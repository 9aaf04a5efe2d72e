//! Names protoc guarantees but a request from elsewhere may break: every name that becomes a
//! Rust identifier must be a proto identifier (`[A-Za-z_][A-Za-z0-9_]*`), and a package a
//! dot-separated list of them. Checked once, for every file of the request, before anything
//! turns a name into an identifier.

use crate::error::{err, Result};
use crate::pb::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};

/// Whether `name` is a proto identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks the names of every element of every file.
pub fn check_files(files: &[FileDescriptorProto]) -> Result<()> {
    for file in files {
        // File names reach doc comments (services say where they are declared).
        if file.name().chars().any(crate::text::is_hidden) {
            return Err(err!(
                "file name {:?} contains control, bidirectional or zero-width characters; \
                 rename the file",
                file.name()
            ));
        }
        let package = file.package();
        if !package.is_empty() && !package.split('.').all(is_identifier) {
            return Err(bad(file.name(), "package", package));
        }
        for m in &file.message_type {
            check_message(file.name(), m)?;
        }
        for e in &file.enum_type {
            check_enum(file.name(), e)?;
        }
        for s in &file.service {
            check(file.name(), "service", s.name())?;
            for m in &s.method {
                check(file.name(), "method", m.name())?;
            }
        }
    }
    Ok(())
}

fn check_message(file: &str, m: &DescriptorProto) -> Result<()> {
    check(file, "message", m.name())?;
    for f in &m.field {
        check(file, "field", f.name())?;
    }
    for o in &m.oneof_decl {
        check(file, "oneof", o.name())?;
    }
    for n in &m.nested_type {
        check_message(file, n)?;
    }
    for e in &m.enum_type {
        check_enum(file, e)?;
    }
    Ok(())
}

fn check_enum(file: &str, e: &EnumDescriptorProto) -> Result<()> {
    check(file, "enum", e.name())?;
    for v in &e.value {
        check(file, "enum value", v.name())?;
    }
    Ok(())
}

fn check(file: &str, what: &str, name: &str) -> Result<()> {
    if is_identifier(name) {
        Ok(())
    } else {
        Err(bad(file, what, name))
    }
}

fn bad(file: &str, what: &str, name: &str) -> crate::Error {
    err!(
        "{}: {what} name {name:?} is not a proto identifier (ASCII letters, digits and '_', \
         not starting with a digit; dot-separated for a package); the request did not come \
         from protoc or was altered",
        file.escape_debug()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["a", "_", "__", "A1", "_1", "foo_Bar"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "1a", "a b", "a.b", "é", "a-b", "r#type", "a\u{202e}"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }
}
