//! The one error type of the generator: a message meant for the person who can fix it.

use std::fmt;

/// A problem with the input that the user can fix (a bad parameter, a name collision,
/// an unsupported construct). It ends up in `CodeGeneratorResponse.error`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// Independent errors as one, a line each, as protoc reports them: the first
    /// [`MAX_REPORTED`], then how many more there are. `None` when there are none.
    pub fn many(errors: impl IntoIterator<Item = Error>) -> Option<Error> {
        let mut lines: Vec<String> = Vec::new();
        for e in errors {
            // A message that is several errors already counts as each of them.
            for line in e.message.lines() {
                if !lines.iter().any(|l| l == line) {
                    lines.push(line.to_owned());
                }
            }
        }
        let (total, more) = (lines.len(), lines.len().saturating_sub(MAX_REPORTED));
        if total == 0 {
            return None;
        }
        lines.truncate(MAX_REPORTED);
        if more > 0 {
            lines.push(format!(
                "and {more} more error{}",
                if more == 1 { "" } else { "s" }
            ));
        }
        Some(Error::new(lines.join("\n")))
    }
}

/// At most this many errors are reported in one run; the count of the others follows.
pub const MAX_REPORTED: usize = 50;

/// Runs `f` on every item and collects every error ([`Error::many`]), or all the results.
pub fn collect<T, R>(
    items: impl IntoIterator<Item = T>,
    f: impl FnMut(T) -> Result<R>,
) -> Result<Vec<R>> {
    let mut f = f;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in items {
        match f(item) {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e),
        }
    }
    match Error::many(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The message itself, a line per error: a build.rs `main` that returns the error prints
/// it with `Debug`, and should show what a user reads on the command line.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Builds an [`Error`] with `format!` syntax.
macro_rules! err {
    ($($arg:tt)*) => { $crate::error::Error::new(format!($($arg)*)) };
}
pub(crate) use err;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_errors_are_bounded_and_counted() {
        assert_eq!(Error::many(Vec::new()), None);
        let one = Error::many([Error::new("a.proto:1:1: bad")]).unwrap();
        assert_eq!(one.message(), "a.proto:1:1: bad");
        let errors = (0..53).map(|i| Error::new(format!("f{i}.proto:1:1: bad")));
        let e = Error::many(errors).unwrap();
        let lines: Vec<&str> = e.message().lines().collect();
        assert_eq!(lines.len(), MAX_REPORTED + 1);
        assert_eq!(lines[0], "f0.proto:1:1: bad");
        assert_eq!(lines[49], "f49.proto:1:1: bad");
        assert_eq!(lines[50], "and 3 more errors");
        // Repeats are reported once; several errors in one count as each.
        let e = Error::many([Error::new("x\ny"), Error::new("x"), Error::new("z")]).unwrap();
        assert_eq!(e.message(), "x\ny\nz");
        let r: Result<Vec<i32>> = collect([1, 2, 3, 4], |i| {
            if i % 2 == 0 {
                Err(Error::new(format!("{i} is even")))
            } else {
                Ok(i)
            }
        });
        assert_eq!(r.unwrap_err().message(), "2 is even\n4 is even");
        assert_eq!(collect([1, 3], Ok::<i32, Error>).unwrap(), [1, 3]);
    }
}
