//! Cross-check of our ProtoJSON with protobuf-go's `protojson` (Debian's
//! `golang-google-protobuf-dev`, built in GOPATH mode from /usr/share/gocode, offline).
//!
//! tests/json_go/main.go is a small Go program that converts binary ↔ JSON for any message of a
//! FileDescriptorSet through dynamic messages, so no protoc-gen-go is needed. This test builds it
//! once per run, feeds it requests over a pipe, and compares:
//! - the runtime's text forms (`rustsvc_runtime::json::text`) with protojson's, both ways, over
//!   random values and mutated texts (tests/json_go/text_forms.proto).
//!
//! Without Go (or the Debian package) the test says why and passes on a developer's machine; in
//! CI (`CI=true`, where .ci/run installs both) a missing Go fails it.

mod support;

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::OnceLock;

use prost::Message;
use rustsvc_runtime::json::text;
use serde_json::Value;

// ------------------------------------------------------------------------------ the Go side

/// Where the Debian package puts protobuf-go's source (GOPATH layout).
const GOPATH: &str = "/usr/share/gocode";

/// Why Go cannot be used here, or `None` when it can.
fn go_missing() -> Option<String> {
    match Command::new("go").arg("version").output() {
        Ok(out) if out.status.success() => {}
        _ => return Some("`go` is not installed (Debian: apt-get install golang-go)".into()),
    }
    let protojson = Path::new(GOPATH).join("src/google.golang.org/protobuf/encoding/protojson");
    if !protojson.is_dir() {
        return Some(format!(
            "protobuf-go is not in {GOPATH} (Debian: apt-get install golang-google-protobuf-dev)"
        ));
    }
    None
}

/// The built Go helper, built once per test run; `None` (after saying why) without Go, except in
/// CI where that is a failure.
fn go_helper() -> Option<&'static Path> {
    static HELPER: OnceLock<Option<PathBuf>> = OnceLock::new();
    HELPER
        .get_or_init(|| {
            if let Some(why) = go_missing() {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("the protobuf-go cross-check cannot run in CI: {why}");
                }
                eprintln!("skipping the protobuf-go cross-check: {why}");
                return None;
            }
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("json_go");
            let binary = dir.join("json_go");
            let out = Command::new("go")
                .args(["build", "-o"])
                .arg(&binary)
                .arg(".")
                .current_dir(support::manifest_dir().join("tests/json_go"))
                .env("GOPATH", GOPATH)
                .env("GO111MODULE", "off")
                .env("GOFLAGS", "")
                .env("GOCACHE", dir.join("cache"))
                .output()
                .expect("run go build");
            assert!(
                out.status.success(),
                "go build of tests/json_go failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(binary)
        })
        .as_deref()
}

/// A descriptor set (with imports) of `files` under `include`, written under the target dir.
fn descriptor_set(include: &Path, files: &[&str], name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("json_go_{name}.pb"));
    let out = Command::new(support::protoc())
        .arg("--include_imports")
        .arg(format!("--descriptor_set_out={}", path.display()))
        .arg(format!("-I{}", include.display()))
        .arg(format!("-I{}", support::protoc_include().display()))
        .args(files)
        .output()
        .expect("run protoc");
    assert!(
        out.status.success(),
        "protoc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// A running Go helper: one request at a time.
struct Go {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

#[derive(Clone, Copy)]
enum Mode {
    /// Binary in, protojson's JSON out.
    BinaryToJson = b'b' as isize,
    /// JSON in, deterministic binary out.
    JsonToBinary = b'j' as isize,
}

impl Go {
    fn start(helper: &Path, descriptor_set: &Path) -> Go {
        let mut child = Command::new(helper)
            .arg(descriptor_set)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the Go helper");
        let stdin = BufWriter::new(child.stdin.take().expect("piped stdin"));
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Go {
            child,
            stdin,
            stdout,
        }
    }

    /// Converts `payload` (a `message`) as `mode` says: protojson's answer, or its error text.
    fn call(&mut self, message: &str, mode: Mode, payload: &[u8]) -> Result<Vec<u8>, String> {
        let chunk = |w: &mut BufWriter<ChildStdin>, bytes: &[u8]| {
            w.write_all(&(bytes.len() as u32).to_le_bytes())?;
            w.write_all(bytes)
        };
        chunk(&mut self.stdin, message.as_bytes())
            .and_then(|()| self.stdin.write_all(&[mode as u8]))
            .and_then(|()| chunk(&mut self.stdin, payload))
            .and_then(|()| self.stdin.flush())
            .expect("write to the Go helper");
        let mut status = [0u8; 1];
        let mut size = [0u8; 4];
        self.stdout
            .read_exact(&mut status)
            .expect("read from the Go helper");
        self.stdout
            .read_exact(&mut size)
            .expect("read from the Go helper");
        let mut answer = vec![0u8; u32::from_le_bytes(size) as usize];
        self.stdout
            .read_exact(&mut answer)
            .expect("read from the Go helper");
        match status[0] {
            0 => Ok(answer),
            _ => Err(String::from_utf8_lossy(&answer).into_owned()),
        }
    }
}

impl Drop for Go {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo) as u64 + 1)) as i64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// ------------------------------------------------------------------------------ text forms

/// tests/json_go/text_forms.proto's message, by hand.
#[derive(Clone, PartialEq, prost::Message)]
struct TextForms {
    #[prost(message, repeated, tag = "1")]
    timestamps: Vec<prost_types::Timestamp>,
    #[prost(message, repeated, tag = "2")]
    durations: Vec<prost_types::Duration>,
    #[prost(message, optional, tag = "3")]
    mask: Option<prost_types::FieldMask>,
    #[prost(bytes = "vec", repeated, tag = "4")]
    blobs: Vec<Vec<u8>>,
    #[prost(int32, repeated, tag = "5")]
    i32s: Vec<i32>,
    #[prost(int64, repeated, tag = "6")]
    i64s: Vec<i64>,
    #[prost(uint32, repeated, tag = "7")]
    u32s: Vec<u32>,
    #[prost(uint64, repeated, tag = "8")]
    u64s: Vec<u64>,
    #[prost(float, repeated, tag = "9")]
    f32s: Vec<f32>,
    #[prost(double, repeated, tag = "10")]
    f64s: Vec<f64>,
}

const TEXT_FORMS: &str = "rustsvc.jsongo.TextForms";

fn text_forms_go() -> Option<Go> {
    let helper = go_helper()?;
    // Written once: tests run in parallel and must not read it while another writes it.
    static SET: OnceLock<PathBuf> = OnceLock::new();
    let set = SET.get_or_init(|| {
        descriptor_set(
            &support::manifest_dir().join("tests/json_go"),
            &["text_forms.proto"],
            "text_forms",
        )
    });
    Some(Go::start(helper, set))
}

fn nanos(rng: &mut Rng) -> i32 {
    let n = rng.below(1_000_000_000) as i32;
    match rng.below(4) {
        0 => 0,
        1 => n / 1_000_000 * 1_000_000,
        2 => n / 1_000 * 1_000,
        _ => n,
    }
}

fn random_timestamp(rng: &mut Rng) -> (i64, i32) {
    let seconds = match rng.below(5) {
        0 => *rng.pick(&[
            text::TIMESTAMP_MIN_SECONDS,
            text::TIMESTAMP_MAX_SECONDS,
            0,
            -1,
            1,
        ]),
        1 => rng.range_i64(-100_000, 100_000),
        _ => rng.range_i64(text::TIMESTAMP_MIN_SECONDS, text::TIMESTAMP_MAX_SECONDS),
    };
    (seconds, nanos(rng))
}

fn random_duration(rng: &mut Rng) -> (i64, i32) {
    let max = text::DURATION_MAX_SECONDS;
    let seconds = match rng.below(4) {
        0 => *rng.pick(&[max, -max, 0, 1, -1]),
        1 => rng.range_i64(-1000, 1000),
        _ => rng.range_i64(-max, max),
    };
    let nanos = nanos(rng);
    let negative = seconds < 0 || (seconds == 0 && rng.chance(50));
    (seconds, if negative { -nanos } else { nanos })
}

fn random_path(rng: &mut Rng) -> String {
    let fields = 1 + rng.below(3);
    let mut path = String::new();
    for f in 0..fields {
        if f > 0 {
            path.push('.');
        }
        for w in 0..1 + rng.below(3) {
            if w > 0 {
                path.push('_');
            }
            path.push(char::from(b'a' + rng.below(26) as u8));
            for _ in 0..rng.below(6) {
                let c = *rng.pick(b"abcdefghijklmnopqrstuvwxyz0123456789");
                path.push(char::from(c));
            }
        }
    }
    path
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    (0..rng.below(12)).map(|_| rng.next() as u8).collect()
}

fn random_i64(rng: &mut Rng) -> i64 {
    match rng.below(4) {
        0 => *rng.pick(&[0, 1, -1, i64::MIN, i64::MAX, i64::from(i32::MIN), 1 << 53]),
        1 => rng.range_i64(-1000, 1000),
        _ => rng.next() as i64 >> rng.below(63),
    }
}

fn random_f64(rng: &mut Rng) -> f64 {
    match rng.below(5) {
        0 => *rng.pick(&[
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
        ]),
        1 => rng.range_i64(-1000, 1000) as f64 / 8.0,
        _ => f64::from_bits(rng.next()),
    }
}

fn random_f32(rng: &mut Rng) -> f32 {
    match rng.below(5) {
        0 => *rng.pick(&[
            0.0,
            -0.0,
            f32::NAN,
            f32::INFINITY,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-45,
        ]),
        1 => rng.range_i64(-1000, 1000) as f32 / 8.0,
        _ => f32::from_bits(rng.next() as u32),
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        other => panic!("expected an array, found {other}"),
    }
}

/// Our JSON text of a float (a JSON number's text, or the string of a non-finite value).
fn float_matches(ours: f64, go: &Value, as_f32: bool) -> bool {
    match (text::non_finite_name(ours), go) {
        (Some(name), Value::String(s)) => name == s,
        (None, Value::Number(n)) => {
            let v = n.as_f64().expect("a float");
            if as_f32 {
                v as f32 == ours as f32
            } else {
                v == ours
            }
        }
        _ => false,
    }
}

#[test]
fn text_forms_format_as_protojson_does() {
    let Some(mut go) = text_forms_go() else {
        return;
    };
    let mut rng = Rng(0x5eed_0001);
    for round in 0..1500 {
        let mut m = TextForms::default();
        for _ in 0..rng.below(3) {
            let (seconds, nanos) = random_timestamp(&mut rng);
            m.timestamps.push(prost_types::Timestamp { seconds, nanos });
            let (seconds, nanos) = random_duration(&mut rng);
            m.durations.push(prost_types::Duration { seconds, nanos });
            m.blobs.push(random_bytes(&mut rng));
            let v = random_i64(&mut rng);
            m.i32s.push(v as i32);
            m.i64s.push(v);
            m.u32s.push(v as u32);
            m.u64s.push(v as u64);
            m.f32s.push(random_f32(&mut rng));
            m.f64s.push(random_f64(&mut rng));
        }
        if rng.chance(70) {
            let paths = (0..rng.below(4)).map(|_| random_path(&mut rng)).collect();
            m.mask = Some(prost_types::FieldMask { paths });
        }
        let json = go
            .call(TEXT_FORMS, Mode::BinaryToJson, &m.encode_to_vec())
            .unwrap_or_else(|e| panic!("round {round}: protojson refused {m:?}: {e}"));
        let json: Value = serde_json::from_slice(&json).expect("protojson writes JSON");
        let context = format!("round {round}: {json}");
        let ours: Vec<String> = m
            .timestamps
            .iter()
            .map(|t| text::format_timestamp(t.seconds, t.nanos).unwrap())
            .collect();
        assert_eq!(ours, strings(&json["timestamps"]), "{context}");
        let ours: Vec<String> = m
            .durations
            .iter()
            .map(|d| text::format_duration(d.seconds, d.nanos).unwrap())
            .collect();
        assert_eq!(ours, strings(&json["durations"]), "{context}");
        if let Some(mask) = &m.mask {
            assert_eq!(
                Value::String(text::format_field_mask(&mask.paths).unwrap()),
                json["mask"],
                "{context}"
            );
        }
        let ours: Vec<String> = m.blobs.iter().map(|b| text::encode_bytes(b)).collect();
        assert_eq!(ours, strings(&json["blobs"]), "{context}");
        // 64-bit integers are strings, 32-bit ones numbers.
        let ours: Vec<String> = m.i64s.iter().map(|v| format!("\"{v}\"")).collect();
        assert_eq!(
            ours,
            strings(&json["i64s"])
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
        );
        assert!(
            json["i64s"]
                .as_array()
                .is_none_or(|a| a.iter().all(Value::is_string)),
            "{context}"
        );
        assert!(
            json["u64s"]
                .as_array()
                .is_none_or(|a| a.iter().all(Value::is_string)),
            "{context}"
        );
        assert!(
            json["i32s"]
                .as_array()
                .is_none_or(|a| a.iter().all(Value::is_number)),
            "{context}"
        );
        let ours: Vec<String> = m.u64s.iter().map(u64::to_string).collect();
        assert_eq!(ours, strings(&json["u64s"]), "{context}");
        let ours: Vec<String> = m.i32s.iter().map(i32::to_string).collect();
        assert_eq!(ours, strings(&json["i32s"]), "{context}");
        let go_f32s = json["f32s"].as_array().cloned().unwrap_or_default();
        assert_eq!(go_f32s.len(), m.f32s.len(), "{context}");
        for (ours, go) in m.f32s.iter().zip(&go_f32s) {
            assert!(
                float_matches(f64::from(*ours), go, true),
                "{ours} vs {go}: {context}"
            );
        }
        let go_f64s = json["f64s"].as_array().cloned().unwrap_or_default();
        for (ours, go) in m.f64s.iter().zip(&go_f64s) {
            assert!(float_matches(*ours, go, false), "{ours} vs {go}: {context}");
        }
    }
}

#[test]
fn values_without_a_text_form_are_refused_by_both() {
    let Some(mut go) = text_forms_go() else {
        return;
    };
    let max = text::DURATION_MAX_SECONDS;
    let timestamps = [
        (text::TIMESTAMP_MIN_SECONDS - 1, 0),
        (text::TIMESTAMP_MAX_SECONDS + 1, 0),
        (i64::MIN, 0),
        (0, -1),
        (0, 1_000_000_000),
        (0, i32::MIN),
    ];
    for (seconds, nanos) in timestamps {
        assert!(text::format_timestamp(seconds, nanos).is_err());
        let m = TextForms {
            timestamps: vec![prost_types::Timestamp { seconds, nanos }],
            ..Default::default()
        };
        assert!(
            go.call(TEXT_FORMS, Mode::BinaryToJson, &m.encode_to_vec())
                .is_err(),
            "{seconds} {nanos}"
        );
    }
    let durations = [
        (max + 1, 0),
        (-max - 1, 0),
        (1, -1),
        (-1, 1),
        (0, 1_000_000_000),
        (0, -1_000_000_000),
        (i64::MAX, 0),
    ];
    for (seconds, nanos) in durations {
        assert!(text::format_duration(seconds, nanos).is_err());
        let m = TextForms {
            durations: vec![prost_types::Duration { seconds, nanos }],
            ..Default::default()
        };
        assert!(
            go.call(TEXT_FORMS, Mode::BinaryToJson, &m.encode_to_vec())
                .is_err(),
            "{seconds} {nanos}"
        );
    }
    for path in [
        "fooBar",
        "foo__bar",
        "foo_bar_",
        "foo_3_bar",
        "_foo",
        "",
        "foo..bar",
        "3foo",
        "a,b",
        "foo_Bar",
    ] {
        let paths = vec![path.to_owned()];
        let ours = text::format_field_mask(&paths).is_err();
        let m = TextForms {
            mask: Some(prost_types::FieldMask { paths }),
            ..Default::default()
        };
        let theirs = go
            .call(TEXT_FORMS, Mode::BinaryToJson, &m.encode_to_vec())
            .is_err();
        assert_eq!(
            ours, theirs,
            "{path:?}: ours refused {ours}, protojson refused {theirs}"
        );
    }
}

/// What a JSON string for one field of TextForms reads as, by protojson: the decoded message,
/// or `None` when protojson refuses it.
fn go_reads(go: &mut Go, field: &str, value: &str) -> Option<TextForms> {
    let json = format!("{{\"{field}\": [{}]}}", Value::String(value.to_owned()));
    let binary = go
        .call(TEXT_FORMS, Mode::JsonToBinary, json.as_bytes())
        .ok()?;
    Some(TextForms::decode(binary.as_slice()).expect("protojson writes valid binary"))
}

/// `text` with one random edit: a character replaced, inserted or removed.
fn mutate(rng: &mut Rng, text: &str, alphabet: &[u8]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = rng.below(bytes.len() as u64 + 1) as usize;
    let c = *rng.pick(alphabet);
    match rng.below(3) {
        0 if at < bytes.len() => bytes[at] = c,
        1 if at < bytes.len() => {
            bytes.remove(at);
        }
        _ => bytes.insert(at, c),
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// A Timestamp in RFC 3339 with a random offset and fraction digit count.
fn timestamp_text(rng: &mut Rng, seconds: i64, nanos: i32) -> String {
    let offset_minutes = if rng.chance(50) {
        0
    } else {
        rng.range_i64(-23 * 60 - 59, 23 * 60 + 59)
    };
    let utc = text::format_timestamp(seconds + offset_minutes * 60, 0)
        .unwrap_or_else(|_| text::format_timestamp(seconds, 0).unwrap());
    let digits = rng.below(10) as usize;
    let fraction = format!("{nanos:09}");
    let mut s = utc.trim_end_matches('Z').to_owned();
    if digits > 0 {
        s.push('.');
        s.push_str(&fraction[..digits]);
    }
    if offset_minutes == 0 && rng.chance(70) {
        s.push('Z');
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let m = offset_minutes.abs();
        s.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
    }
    s
}

/// Candidates for each text form: valid texts in every accepted shape, edges, and mutations.
fn parse_candidates(rng: &mut Rng, field: &str) -> Vec<String> {
    let mut out = Vec::new();
    let count = 600;
    match field {
        "timestamps" => {
            for _ in 0..count {
                let (seconds, nanos) = random_timestamp(rng);
                out.push(timestamp_text(rng, seconds, nanos));
            }
        }
        "durations" => {
            for _ in 0..count {
                let (seconds, nanos) = random_duration(rng);
                let mut s = text::format_duration(seconds, nanos).unwrap();
                if rng.chance(30) && s.contains('.') {
                    // 1 to 9 fraction digits: drop some trailing digits (zeros or not).
                    let cut = rng.below(3) as usize;
                    let dot = s.find('.').unwrap();
                    if s.len() - dot - 2 > cut {
                        s.replace_range(s.len() - 1 - cut..s.len() - 1, "");
                    }
                }
                out.push(s);
            }
        }
        "mask" => {
            for _ in 0..count {
                let paths: Vec<String> = (0..rng.below(4)).map(|_| random_path(rng)).collect();
                out.push(text::format_field_mask(&paths).unwrap());
            }
        }
        "blobs" => {
            for _ in 0..count {
                let mut s = text::encode_bytes(&random_bytes(rng));
                if rng.chance(50) {
                    s = s.replace('+', "-").replace('/', "_");
                }
                if rng.chance(50) {
                    s = s.trim_end_matches('=').to_owned();
                }
                out.push(s);
            }
        }
        "i32s" | "i64s" | "u32s" | "u64s" => {
            for _ in 0..count {
                let v = random_i64(rng);
                let v = match field {
                    "i32s" if rng.chance(80) => i64::from(v as i32),
                    "u32s" if rng.chance(80) => i64::from(v as u32),
                    _ => v,
                };
                let plain = if field == "u64s" && rng.chance(50) {
                    (v as u64).to_string()
                } else {
                    v.to_string()
                };
                let s = match rng.below(4) {
                    0 => format!("{plain}.0"),
                    1 => {
                        // Move the point: "12300" as "123e2" or "1.23e4".
                        let (sign, digits) = plain
                            .strip_prefix('-')
                            .map_or(("", plain.as_str()), |d| ("-", d));
                        let kept = digits.trim_end_matches('0');
                        let kept = if kept.is_empty() { "0" } else { kept };
                        let zeros = digits.len() - kept.len();
                        if kept.len() > 1 && rng.chance(50) {
                            format!(
                                "{sign}{}.{}e{}",
                                &kept[..1],
                                &kept[1..],
                                zeros + kept.len() - 1
                            )
                        } else {
                            format!("{sign}{kept}e{zeros}")
                        }
                    }
                    _ => plain,
                };
                out.push(s);
            }
        }
        "f32s" | "f64s" => {
            for _ in 0..count {
                let s = if field == "f32s" {
                    let v = random_f32(rng);
                    match text::non_finite_name(f64::from(v)) {
                        Some(name) => name.to_owned(),
                        None if rng.chance(50) => format!("{v:e}"),
                        None => serde_json::to_string(&v).unwrap(),
                    }
                } else {
                    let v = random_f64(rng);
                    match text::non_finite_name(v) {
                        Some(name) => name.to_owned(),
                        None if rng.chance(50) => format!("{v:e}"),
                        None => serde_json::to_string(&v).unwrap(),
                    }
                };
                out.push(s);
            }
            out.extend(
                [
                    "3.4028235e38",
                    "3.4028236e38",
                    "-3.5e38",
                    "1e39",
                    "1e-50",
                    "1e309",
                    "-1e309",
                ]
                .map(String::from),
            );
        }
        _ => unreachable!("{field}"),
    }
    let suite: &[&str] = match field {
        // The conformance suite's texts (binary_json_conformance_suite.cc).
        "timestamps" => &[
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "1970-01-01T08:00:01+08:00",
            "1969-12-31T16:00:01-08:00",
            "0000-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z",
            "0001-01-01T00:00:00",
            "0001-01-01 00:00:00Z",
            "0001-01-01T00:00:00z",
            "0001-01-01t00:00:00Z",
            "1970-01-01T08:00:01+0800",
            "1970-13-01T00:00:00Z",
            "1970-01-32T00:00:00Z",
            "1970-01-01T24:00:00Z",
            "1970-01-01T00:60:00Z",
            "1970-01-01T00:00:60Z",
            "1970-01-01T00:00:00+24:00",
            "1970-01-01T00:00:00+00:60",
            "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-00:01",
            "1970-01-01T00:00:00.1234567890Z",
            "1970-01-01T00:00:00.123aZ",
            "999-01-01T00:00:00Z",
            "2001-02-29T00:00:00Z",
            "1970-01-01T00:00:00-11:30",
            "2000-02-29T00:00:00Z",
        ],
        "durations" => &[
            "-315576000000.999999999s",
            "315576000000.999999999s",
            "-315576000001.000000000s",
            "315576000001.000000000s",
            "1",
            "-0.5s",
            "1.000000000s",
            "1.0000000001s",
        ],
        "mask" => &["foo,barBaz", "", "foo,bar_bar", "a.bC,dEF.g"],
        "blobs" => &["AQI=", "-_", "+/", "-/", "AQI", "AQ=", "AQ==AQ=="],
        _ => &[
            "1e5",
            "-0",
            "0.5",
            "1.0",
            "12abc",
            "",
            " 1",
            "1 ",
            "+1",
            "01",
            "-01",
            "1e536870000",
        ],
    };
    out.extend(suite.iter().map(|s| s.to_string()));
    let alphabet: &[u8] = match field {
        "timestamps" => b"0123456789-:TZtz.+ ",
        "durations" => b"0123456789-.s+eS ",
        "mask" => b"abcXYZ019_.,- ",
        "blobs" => b"AZaz09+/-_= \n",
        _ => b"0123456789-+.eE ",
    };
    for i in 0..count {
        let base = out[i].clone();
        out.push(mutate(rng, &base, alphabet));
    }
    out
}

/// What our text layer reads `s` as, in the shape of protojson's decoded message.
fn ours_reads(field: &str, s: &str) -> Option<TextForms> {
    let mut m = TextForms::default();
    match field {
        "timestamps" => {
            let (seconds, nanos) = text::parse_timestamp(s).ok()?;
            m.timestamps.push(prost_types::Timestamp { seconds, nanos });
        }
        "durations" => {
            let (seconds, nanos) = text::parse_duration(s).ok()?;
            m.durations.push(prost_types::Duration { seconds, nanos });
        }
        "mask" => {
            m.mask = Some(prost_types::FieldMask {
                paths: text::parse_field_mask(s).ok()?,
            })
        }
        "blobs" => m.blobs.push(text::decode_bytes(s).ok()?),
        "i32s" => m.i32s.push(text::parse_i32_str(s).ok()?),
        "i64s" => m.i64s.push(text::parse_i64_str(s).ok()?),
        "u32s" => m.u32s.push(text::parse_u32_str(s).ok()?),
        "u64s" => m.u64s.push(text::parse_u64_str(s).ok()?),
        "f32s" => m.f32s.push(text::parse_f32_str(s).ok()?),
        "f64s" => m.f64s.push(text::parse_f64_str(s).ok()?),
        _ => unreachable!("{field}"),
    }
    Some(m)
}

/// Why protojson as Debian packages it (protobuf-go 1.28 on Go 1.19) reads `s` where we refuse
/// it, for the texts where the conformance suite or the RFC sides with refusing.
fn go_leniency(field: &str, s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    match field {
        "i32s" | "i64s" | "u32s" | "u64s" | "f32s" | "f64s" if s.contains(' ') => Some(
            "protobuf-go 1.28 reads only the first JSON token of a quoted number; later versions \
             refuse \"12 34\", as the suite's Int32FieldStringValuePartiallyNumericSpace requires",
        ),
        "timestamps" => {
            let one_digit_hour = b.get(10) == Some(&b'T') && b.get(12) == Some(&b':');
            let offset = &b[b.len().saturating_sub(6)..];
            let number = |d: &[u8]| {
                d.iter()
                    .all(u8::is_ascii_digit)
                    .then(|| d.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0')))
            };
            let bad_offset = offset.len() == 6
                && (offset[0] == b'+' || offset[0] == b'-')
                && offset[3] == b':'
                && !(number(&offset[1..3]).is_some_and(|h| h <= 23)
                    && number(&offset[4..6]).is_some_and(|m| m <= 59));
            (one_digit_hour || bad_offset).then_some(
                "Go 1.19's time.Parse reads a one-digit hour and offsets beyond 23:59; Go 1.20 \
                 refuses them, as RFC 3339 and the suite's TimestampJsonInputInvalidOffsetHour \
                 require",
            )
        }
        "blobs" if s.contains(['\n', '\r']) => Some(
            "Go's base64 skips line breaks; RFC 4648 section 3.3 lets a format refuse \
             characters outside the alphabet, and ProtoJSON writers never break lines",
        ),
        _ => None,
    }
}

/// A message's encoding with every NaN made the same NaN (NaN is not equal to itself, and Go's
/// NaN has other bits than Rust's).
fn canonical(m: &Option<TextForms>) -> Option<Vec<u8>> {
    let mut m = m.clone()?;
    m.f32s
        .iter_mut()
        .filter(|v| v.is_nan())
        .for_each(|v| *v = f32::NAN);
    m.f64s
        .iter_mut()
        .filter(|v| v.is_nan())
        .for_each(|v| *v = f64::NAN);
    Some(m.encode_to_vec())
}

#[test]
fn text_forms_parse_as_protojson_does() {
    let Some(mut go) = text_forms_go() else {
        return;
    };
    let mut rng = Rng(0x5eed_0002);
    let mut disagreements = Vec::new();
    for field in [
        "timestamps",
        "durations",
        "mask",
        "blobs",
        "i32s",
        "i64s",
        "u32s",
        "u64s",
        "f32s",
        "f64s",
    ] {
        for s in parse_candidates(&mut rng, field) {
            // The mask is a single message: protojson reads it from a string, not an array.
            let theirs = if field == "mask" {
                let json = format!("{{\"mask\": {}}}", Value::String(s.clone()));
                go.call(TEXT_FORMS, Mode::JsonToBinary, json.as_bytes())
                    .ok()
                    .map(|b| TextForms::decode(b.as_slice()).expect("valid binary"))
            } else {
                go_reads(&mut go, field, &s)
            };
            let ours = ours_reads(field, &s);
            if canonical(&ours) != canonical(&theirs) {
                if ours.is_none() && go_leniency(field, &s).is_some() {
                    continue;
                }
                disagreements.push(format!(
                    "{field} {s:?}: ours {ours:?}, protojson {theirs:?}"
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
