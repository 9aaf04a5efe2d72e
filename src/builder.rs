//! Generating from build.rs (or the command line) without protoc.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     protoc_gen_rustsvc::Builder::new()
//!         .include("proto")
//!         .compile(&["proto/user.proto"])?;
//!     Ok(())
//! }
//! ```
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/mod.rs"));`.

use std::path::{Path, PathBuf};

use crate::error::{err, Result};
use crate::options::Options;
use crate::parse::{self, Chosen, ParserKind, ProtoFile};
use crate::write::{self, Written};

/// Compiles .proto files to Rust: same options and same output as the plugin.
#[derive(Debug, Clone)]
pub struct Builder {
    out_dir: Option<PathBuf>,
    /// Options as given: `(true, "a=1,b")` from [`Builder::opt`] (a comma-separated list),
    /// `(false, "k=v")` from the typed methods (one option, commas kept).
    opts: Vec<(bool, String)>,
    includes: Vec<PathBuf>,
    parser: ParserKind,
    cargo_metadata: bool,
    /// The process ends after this compilation (the command line): the descriptors are not
    /// freed one by one, the exit frees them at once.
    exits_after: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// What [`Builder::compile`] did.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The parser that read the files.
    pub parser: Chosen,
    /// Every .proto file read (inputs and imports found in the include directories).
    pub read: Vec<ProtoFile>,
    /// The files written and those already up to date.
    pub written: Written,
    /// What the user should know that is not an error (a deprecated feature, a module
    /// renamed); printed as `cargo:warning=` lines too when cargo metadata is on.
    pub warnings: Vec<String>,
}

impl Builder {
    /// Writes to `$OUT_DIR`, with the default options, the native front end (no protoc;
    /// [`Builder::parser`] chooses another), and `cargo:rerun-if-changed` lines for every
    /// file read.
    pub fn new() -> Self {
        Builder {
            out_dir: None,
            opts: Vec::new(),
            includes: Vec::new(),
            parser: ParserKind::default(),
            cargo_metadata: true,
            exits_after: false,
        }
    }

    /// For the command line, whose process ends after the compilation: skip freeing the
    /// descriptors (a few percent of a large run).
    pub(crate) fn exits_after(mut self) -> Self {
        self.exits_after = true;
        self
    }

    /// The directory to write to (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// A generator option, `key=value` or `key` (several may be given, comma separated).
    pub fn opt(mut self, option: impl Into<String>) -> Self {
        self.opts.push((true, option.into()));
        self
    }

    /// One option, exactly as given (no comma splitting).
    fn one(mut self, option: String) -> Self {
        self.opts.push((false, option));
        self
    }

    /// An include directory that imports are relative to (default: `.`).
    pub fn include(mut self, dir: impl AsRef<Path>) -> Self {
        self.includes.push(dir.as_ref().to_path_buf());
        self
    }

    /// Which parser to use (default: [`ParserKind::Native`], the built-in front end).
    pub fn parser(mut self, parser: ParserKind) -> Self {
        self.parser = parser;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default: true).
    pub fn cargo_metadata(mut self, on: bool) -> Self {
        self.cargo_metadata = on;
        self
    }

    /// Parses `files`, generates, and writes the output. Nothing is written when anything
    /// fails; files whose content did not change are not rewritten.
    pub fn compile(&self, files: &[impl AsRef<Path>]) -> Result<Compiled> {
        let mut options = Options::default();
        for (is_list, text) in &self.opts {
            if *is_list {
                options.apply_list(text)?;
            } else {
                options.apply(text)?;
            }
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                err!("no output directory: call .out_dir(DIR), or run from build.rs where cargo sets OUT_DIR")
            })?,
        };
        let inputs: Vec<PathBuf> = files.iter().map(|f| f.as_ref().to_path_buf()).collect();
        if self.cargo_metadata {
            if !matches!(self.parser, ParserKind::Pure | ParserKind::Native) {
                println!("cargo:rerun-if-env-changed=PROTOC");
            }
            // The inputs even if parsing fails, so that fixing them reruns the build.
            for input in &inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
        }
        let chosen = parse::choose(self.parser)?;
        let mut parsed = parse::parse(&chosen, &self.includes, &inputs)?;
        if self.cargo_metadata {
            for f in &parsed.read {
                if !inputs.contains(&f.disk) {
                    println!("cargo:rerun-if-changed={}", f.disk.display());
                }
            }
        }
        // The request records the options as text (the options themselves are parsed above).
        let parameter = self
            .opts
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let mut warnings = std::mem::take(&mut parsed.warnings);
        let (request, read) = parse::into_request(parsed, &parameter);
        let timing = std::env::var_os("RUSTSVC_NATIVE_TIMING").is_some();
        let t0 = std::time::Instant::now();
        // Each file is written (to a temporary file) while the next packages are generated.
        let mut staged = write::Staged::new(&out_dir);
        let generator_warnings = crate::generate_into(&request, &options, |f| staged.stage(&f))?;
        if timing {
            eprintln!("builder: generated and staged in {:?}", t0.elapsed());
        }
        warnings.extend(generator_warnings);
        // The request (every descriptor) is freed beside the renaming, or not at all when the
        // process ends next.
        let written = if self.exits_after {
            std::mem::forget(request);
            staged.commit()?
        } else {
            std::thread::scope(|s| {
                s.spawn(move || drop(request));
                staged.commit()
            })?
        };
        if timing {
            eprintln!("builder: written at {:?}", t0.elapsed());
        }
        if self.cargo_metadata {
            for w in &warnings {
                println!("cargo:warning={w}");
            }
        }
        Ok(Compiled {
            parser: chosen,
            read,
            written,
            warnings,
        })
    }
}

/// Typed setters for every option, from the options' one declaration
/// ([`crate::options::SPECS`]); each is the same as `.opt("name=…")` and goes through the same
/// parser.
macro_rules! builder_setters {
    ($($group:literal {
        $($name:ident: $kind:ident, $ty:ty, $default:expr, $default_text:literal,
            $help:literal, $example:literal, $check:ident;)*
    })*) => {
        impl Builder {
            $($(builder_setters!(@one $kind $name $help $example);)*)*
        }
    };
    (@one Bool $name:ident $help:literal $example:literal) => {
        #[doc = concat!("Sets the `", stringify!($name), "` option, as `.opt(\"", $example, "\")` does.")]
        pub fn $name(self, on: bool) -> Self {
            self.one(format!(concat!(stringify!($name), "={}"), on))
        }
    };
    (@one PathValue $name:ident $help:literal $example:literal) => {
        builder_setters!(@pair $name $help $example);
    };
    (@one PathAttribute $name:ident $help:literal $example:literal) => {
        builder_setters!(@pair $name $help $example);
    };
    (@pair $name:ident $help:literal $example:literal) => {
        #[doc = concat!("Adds a `", stringify!($name), "` option, as `.opt(\"", $example, "\")` does.")]
        pub fn $name(self, path: impl AsRef<str>, value: impl AsRef<str>) -> Self {
            self.one(format!(
                concat!(stringify!($name), "={}={}"),
                path.as_ref(),
                value.as_ref()
            ))
        }
    };
    (@one $kind:ident $name:ident $help:literal $example:literal) => {
        #[doc = concat!("Sets the `", stringify!($name), "` option, as `.opt(\"", $example, "\")` does.")]
        pub fn $name(self, value: impl AsRef<str>) -> Self {
            self.one(format!(concat!(stringify!($name), "={}"), value.as_ref()))
        }
    };
}

crate::options::option_table!(builder_setters);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_file_read_and_every_file_written() {
        let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse_cases/imports");
        let out = std::env::temp_dir().join(format!("rustsvc-builder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let compiled = Builder::new()
            .out_dir(&out)
            .include(&cases)
            .parser(ParserKind::Pure)
            .cargo_metadata(false)
            .opt("versions=false")
            .compile(&[cases.join("main.proto")])
            .unwrap();
        assert_eq!(compiled.parser, Chosen::Native);
        // Each file after the files it imports.
        let read: Vec<&str> = compiled.read.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            read,
            vec!["sub/shared.proto", "sub/public.proto", "main.proto"]
        );
        assert!(compiled.read.iter().all(|f| f.disk == cases.join(&f.name)));
        let mut written: Vec<_> = compiled.written.changed.clone();
        written.sort();
        assert_eq!(written, vec![out.join("demo.main.rs"), out.join("mod.rs")]);
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn the_default_is_the_native_front_end_and_pure_its_alias() {
        let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse_cases/imports");
        let base =
            std::env::temp_dir().join(format!("rustsvc-builder-native-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let run = |kind: ParserKind, dir: &str| {
            Builder::new()
                .out_dir(base.join(dir))
                .include(&cases)
                .parser(kind)
                .cargo_metadata(false)
                .opt("versions=false")
                .compile(&[cases.join("main.proto")])
                .unwrap()
        };
        let native = run(ParserKind::default(), "native");
        let pure = run(ParserKind::Pure, "pure");
        assert_eq!(native.parser, Chosen::Native);
        assert_eq!(pure.parser, Chosen::Native);
        let mut read: Vec<&str> = native.read.iter().map(|f| f.name.as_str()).collect();
        read.sort_unstable();
        assert_eq!(
            read,
            vec!["main.proto", "sub/public.proto", "sub/shared.proto"]
        );
        assert!(native.read.iter().all(|f| f.disk == cases.join(&f.name)));
        assert_eq!(native.written.changed.len(), pure.written.changed.len());
        for name in ["demo.main.rs", "mod.rs"] {
            assert_eq!(
                std::fs::read_to_string(base.join("native").join(name)).unwrap(),
                std::fs::read_to_string(base.join("pure").join(name)).unwrap(),
                "{name}"
            );
        }
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn a_bad_option_fails_before_reading_anything() {
        let e = Builder::new()
            .out_dir("unused")
            .opt("server=maybe")
            .compile(&["does/not/exist.proto"])
            .unwrap_err();
        assert_eq!(
            e.message(),
            "option 'server' takes true or false, not 'maybe' (for example 'server=false')"
        );
    }

    #[test]
    fn typed_methods_give_the_same_output_as_plugin_parameters() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/opt_type_attribute");
        let out_typed = std::env::temp_dir().join(format!("rustsvc-typed-{}", std::process::id()));
        let out_opt = std::env::temp_dir().join(format!("rustsvc-opt-{}", std::process::id()));
        let base = || {
            Builder::new()
                .include(&dir)
                .parser(ParserKind::Pure)
                .cargo_metadata(false)
                .versions(false)
        };
        base()
            .out_dir(&out_typed)
            .type_attribute(".", "#[derive(serde::Serialize, serde::Deserialize)]")
            .type_attribute(".opts.v1.Detail", "#[serde(default)]")
            .compile(&[dir.join("options.proto")])
            .unwrap();
        let params = std::fs::read_to_string(dir.join("params.txt")).unwrap();
        base()
            .out_dir(&out_opt)
            .opt(params.trim())
            .compile(&[dir.join("options.proto")])
            .unwrap();
        for name in ["opts.v1.rs", "mod.rs"] {
            let typed = std::fs::read_to_string(out_typed.join(name)).unwrap();
            assert_eq!(typed, std::fs::read_to_string(out_opt.join(name)).unwrap());
            assert_eq!(
                typed,
                std::fs::read_to_string(dir.join("expected").join(name)).unwrap(),
                "the builder's {name} differs from the plugin's golden file"
            );
        }
        let _ = std::fs::remove_dir_all(&out_typed);
        let _ = std::fs::remove_dir_all(&out_opt);
    }

    #[test]
    fn typed_methods_report_malformed_values() {
        let e = Builder::new()
            .out_dir("unused")
            .field_attribute("Msg.f", "#[serde(rename = ")
            .compile(&["x.proto"])
            .unwrap_err();
        assert!(
            e.message()
                .starts_with("option 'field_attribute' for path 'Msg.f': '#[serde(rename =' is not a Rust attribute"),
            "{}",
            e.message()
        );
    }
}
