//! The command-line mode: `protoc-gen-rustsvc [-I DIR]... --out-dir DIR [--opt k=v]...
//! [--parser=native|protoc|auto] [-v] FILE.proto...`, a thin layer over [`Builder`].

use std::path::PathBuf;

use crate::builder::Builder;
use crate::error::{err, Result};
use crate::parse::ParserKind;

/// The usage lines of the command-line mode.
pub const USAGE: &str = "\
Or compile .proto files directly (protoc not needed):
    protoc-gen-rustsvc [-I DIR]... --out-dir DIR [--opt k=v[,k=v]]... [--parser=native|protoc|auto] [-v] FILE.proto...

    -I DIR, --proto_path=DIR  directory imports are relative to (default: .)
    --out-dir DIR             where the .rs files go (files that did not change are not rewritten)
    --opt k=v                 generator options, as --rustsvc_opt
    --parser=native           native (the default): the built-in front end, protoc not needed;
                              protoc: protoc from $PROTOC or PATH; auto: protoc if found, else
                              native; pure: the same as native (its former name)
    -v                        say which parser ran and which files were written
";

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub includes: Vec<PathBuf>,
    pub out_dir: PathBuf,
    pub opts: Vec<String>,
    pub parser: ParserKind,
    pub verbose: bool,
    pub files: Vec<PathBuf>,
}

/// Parses the arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<Args> {
    let mut includes = Vec::new();
    let mut out_dir = None;
    let mut opts = Vec::new();
    let mut parser = ParserKind::default();
    let mut verbose = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str, inline: Option<&str>| -> Result<String> {
            match inline {
                Some(v) if !v.is_empty() => Ok(v.to_owned()),
                Some(_) => Err(err!("{flag} needs a value")),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| err!("{flag} needs a value")),
            }
        };
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (arg.as_str(), None),
        };
        match flag {
            "-I" | "--proto_path" | "--include" => {
                includes.push(PathBuf::from(value(flag, inline)?));
            }
            "--out-dir" | "--out_dir" => out_dir = Some(PathBuf::from(value(flag, inline)?)),
            "--opt" => opts.push(value(flag, inline)?),
            "--parser" => parser = value(flag, inline)?.parse()?,
            "-v" | "--verbose" => verbose = true,
            _ if flag.starts_with("-I") => includes.push(PathBuf::from(&flag[2..])),
            _ if flag.starts_with('-') => {
                return Err(err!(
                    "unknown argument '{arg}'; run protoc-gen-rustsvc --help for the usage"
                ))
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let out_dir = out_dir.ok_or_else(|| err!("--out-dir DIR is required"))?;
    if files.is_empty() {
        return Err(err!("no .proto files given"));
    }
    Ok(Args {
        includes,
        out_dir,
        opts,
        parser,
        verbose,
        files,
    })
}

/// Runs the command line; returns the lines to show with `-v`. Meant to be the last thing
/// a process does: the parsed descriptors are left for the exit to free.
pub fn run(args: &[String]) -> Result<Vec<String>> {
    let args = parse_args(args)?;
    let mut builder = Builder::new()
        .out_dir(&args.out_dir)
        .parser(args.parser)
        .cargo_metadata(false)
        .exits_after();
    for inc in &args.includes {
        builder = builder.include(inc);
    }
    for opt in &args.opts {
        builder = builder.opt(opt);
    }
    let compiled = builder.compile(&args.files)?;
    let mut log: Vec<String> = compiled
        .warnings
        .iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    if args.verbose {
        log.push(format!("parser: {}", compiled.parser));
        for f in &compiled.written.changed {
            log.push(format!("wrote {}", f.display()));
        }
        for f in &compiled.written.unchanged {
            log.push(format!("unchanged {}", f.display()));
        }
    }
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_flags() {
        let a = parse_args(&args(
            "-I proto -Iother --out-dir out --opt a=1 --opt=b --parser=pure -v x.proto",
        ))
        .unwrap();
        assert_eq!(a.parser, ParserKind::Pure);
        let a = parse_args(&args(
            "-I proto -Iother --out-dir out --opt a=1 --opt=b --parser=native -v x.proto",
        ))
        .unwrap();
        assert_eq!(
            a.includes,
            vec![PathBuf::from("proto"), PathBuf::from("other")]
        );
        assert_eq!(a.out_dir, PathBuf::from("out"));
        assert_eq!(a.opts, vec!["a=1", "b"]);
        assert_eq!(a.parser, ParserKind::Native);
        assert!(a.verbose);
        assert_eq!(a.files, vec![PathBuf::from("x.proto")]);
    }

    #[test]
    fn argument_errors() {
        let e = |s: &str| parse_args(&args(s)).unwrap_err().to_string();
        assert_eq!(e("x.proto"), "--out-dir DIR is required");
        assert_eq!(e("--out-dir o"), "no .proto files given");
        assert_eq!(e("--out-dir"), "--out-dir needs a value");
        assert_eq!(
            e("--out-dir o --bogus x.proto"),
            "unknown argument '--bogus'; run protoc-gen-rustsvc --help for the usage"
        );
        assert_eq!(
            e("--out-dir o --parser=fast x.proto"),
            "unknown parser 'fast'; use --parser=native (the default), --parser=protoc or \
             --parser=auto"
        );
    }
}
