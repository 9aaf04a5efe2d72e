//! Cross-check of our ProtoJSON with protobuf-go's `protojson` (Debian's
//! `golang-google-protobuf-dev`, built in GOPATH mode from /usr/share/gocode, offline).
//!
//! tests/json_go/main.go is a small Go program that converts binary ↔ JSON for any message of a
//! FileDescriptorSet through dynamic messages, so no protoc-gen-go is needed. This test builds it
//! once per run, feeds it requests over a pipe, and compares:
//! - the runtime's text forms (`rustsvc_runtime::json::text`) with protojson's, both ways, over
//!   random values and mutated texts (tests/json_go/text_forms.proto);
//! - whole messages: random binary TestAllTypesProto3/Proto2 messages (every field kind, maps,
//!   oneofs, groups, enums, the well-known types, `Any`) written as JSON by our generated code
//!   (the conformance testee, tests/conformance/, driven over its protocol) must read in
//!   protojson to the same message (`proto.Equal`), and protojson's JSON of them must read in
//!   ours to the same message. This part also needs the conformance suite's .proto files
//!   (scripts/conformance-install.sh; .ci/run installs them).
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
    /// Two binary messages in ([`pair`]): an error unless they are equal (`proto.Equal`).
    Equal = b'e' as isize,
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

// ------------------------------------------------------------------------------ whole messages

/// protobuf's conformance protocol (conformance/conformance.proto), the fields this test uses:
/// the conformance testee (tests/conformance/) is our generated code for the suite's messages
/// behind that protocol, so it converts binary ↔ our JSON for any of them.
#[derive(Clone, PartialEq, prost::Message)]
struct ConformanceRequest {
    #[prost(bytes = "vec", optional, tag = "1")]
    protobuf_payload: Option<Vec<u8>>,
    #[prost(string, optional, tag = "2")]
    json_payload: Option<String>,
    /// WireFormat: PROTOBUF = 1, JSON = 2.
    #[prost(int32, tag = "3")]
    requested_output_format: i32,
    #[prost(string, tag = "4")]
    message_type: String,
    /// TestCategory: BINARY_TEST = 1, JSON_TEST = 2.
    #[prost(int32, tag = "5")]
    test_category: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ConformanceResponse {
    #[prost(oneof = "ConformanceResult", tags = "1, 2, 3, 4, 5, 6")]
    result: Option<ConformanceResult>,
}

#[derive(Clone, PartialEq, prost::Oneof)]
enum ConformanceResult {
    #[prost(string, tag = "1")]
    ParseError(String),
    #[prost(string, tag = "6")]
    SerializeError(String),
    #[prost(string, tag = "2")]
    RuntimeError(String),
    #[prost(bytes = "vec", tag = "3")]
    ProtobufPayload(Vec<u8>),
    #[prost(string, tag = "4")]
    JsonPayload(String),
    #[prost(string, tag = "5")]
    Skipped(String),
}

/// The conformance suite's include directory, when scripts/conformance-install.sh installed it
/// (in CI it does; a missing one fails there).
fn conformance_include() -> Option<PathBuf> {
    let dir = match std::env::var_os("RUSTSVC_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => support::manifest_dir().join("target/conformance"),
    };
    let include = dir.join("include");
    if include
        .join("google/protobuf/test_messages_proto3.proto")
        .is_file()
    {
        return Some(include);
    }
    let why = format!(
        "the conformance suite's .proto files are not in {} (scripts/conformance-install.sh)",
        include.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the protobuf-go cross-check of whole messages cannot run in CI: {why}");
    }
    eprintln!("skipping the protobuf-go cross-check of whole messages: {why}");
    None
}

/// Builds the conformance testee the way tests/conformance.rs does (same sources, same
/// directory and environment, so one build serves both tests); returns its binary.
fn build_testee(include: &Path) -> PathBuf {
    fn write_if_changed(path: &Path, content: &[u8]) {
        if std::fs::read(path).is_ok_and(|old| old == content) {
            return;
        }
        std::fs::create_dir_all(path.parent().expect("a file in a directory")).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let source = support::manifest_dir().join("tests/conformance");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-testee");
    for file in ["Cargo.toml", "build.rs", "src/lib.rs", "src/main.rs"] {
        let mut content = std::fs::read(source.join(file)).expect("the testee's sources");
        if file == "Cargo.toml" {
            let runtime = support::manifest_dir().join("runtime");
            content = String::from_utf8(content)
                .expect("Cargo.toml is UTF-8")
                .replace(
                    "path = \"../../runtime\"",
                    &format!("path = {:?}", runtime.display().to_string()),
                )
                .into_bytes();
        }
        write_if_changed(&dir.join(file), &content);
    }
    let lock = std::fs::read(support::manifest_dir().join("Cargo.lock")).unwrap();
    write_if_changed(&dir.join("Cargo.lock"), &lock);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["build", "--offline", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTSVC_CONFORMANCE_INCLUDE", include)
        .env("RUSTSVC_PLUGIN", support::plugin_bin())
        .env("PROTOC", support::protoc())
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WRAPPER")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "building the conformance testee failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("target/debug/rustsvc-conformance-testee")
}

/// The running testee: our generated code's binary ↔ JSON.
struct Ours {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Ours {
    fn start(testee: &Path) -> Ours {
        let mut child = Command::new(testee)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the conformance testee");
        let stdin = BufWriter::new(child.stdin.take().expect("piped stdin"));
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Ours {
            child,
            stdin,
            stdout,
        }
    }

    fn call(&mut self, request: ConformanceRequest) -> ConformanceResult {
        let bytes = request.encode_to_vec();
        self.stdin
            .write_all(&(bytes.len() as u32).to_le_bytes())
            .expect("write to the testee");
        self.stdin.write_all(&bytes).expect("write to the testee");
        self.stdin.flush().expect("write to the testee");
        let mut size = [0u8; 4];
        self.stdout
            .read_exact(&mut size)
            .expect("read from the testee");
        let mut answer = vec![0u8; u32::from_le_bytes(size) as usize];
        self.stdout
            .read_exact(&mut answer)
            .expect("read from the testee");
        ConformanceResponse::decode(answer.as_slice())
            .expect("a ConformanceResponse")
            .result
            .expect("a result")
    }

    /// Our JSON of a binary message.
    fn write_json(&mut self, message_type: &str, binary: &[u8]) -> Result<String, String> {
        match self.call(ConformanceRequest {
            protobuf_payload: Some(binary.to_vec()),
            json_payload: None,
            requested_output_format: 2,
            message_type: message_type.to_owned(),
            test_category: 1,
        }) {
            ConformanceResult::JsonPayload(json) => Ok(json),
            other => Err(format!("{other:?}")),
        }
    }

    /// The binary message our code reads from JSON.
    fn read_json(&mut self, message_type: &str, json: &str) -> Result<Vec<u8>, String> {
        match self.call(ConformanceRequest {
            protobuf_payload: None,
            json_payload: Some(json.to_owned()),
            requested_output_format: 1,
            message_type: message_type.to_owned(),
            test_category: 2,
        }) {
            ConformanceResult::ProtobufPayload(binary) => Ok(binary),
            other => Err(format!("{other:?}")),
        }
    }
}

impl Drop for Ours {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Random binary messages of any type of a descriptor set, with values every JSON writer can
/// write (Timestamps and Durations in range, FieldMask paths that round-trip, `Any` holding a
/// known type, `Value` with a kind, no NaN, closed enums with known numbers).
struct Corpus {
    messages: std::collections::HashMap<String, (prost_types::DescriptorProto, bool)>,
    enums: std::collections::HashMap<String, (Vec<i32>, bool)>,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_tag(out: &mut Vec<u8>, number: i32, wire_type: u8) {
    put_varint(out, (u64::from(number as u32) << 3) | u64::from(wire_type));
}

fn put_len(out: &mut Vec<u8>, number: i32, bytes: &[u8]) {
    put_tag(out, number, 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

impl Corpus {
    fn new(set: &prost_types::FileDescriptorSet) -> Corpus {
        let mut corpus = Corpus {
            messages: Default::default(),
            enums: Default::default(),
        };
        fn walk(
            corpus: &mut Corpus,
            prefix: &str,
            messages: &[prost_types::DescriptorProto],
            enums: &[prost_types::EnumDescriptorProto],
            proto3: bool,
        ) {
            for e in enums {
                let values = e.value.iter().map(|v| v.number()).collect();
                corpus
                    .enums
                    .insert(format!("{prefix}.{}", e.name()), (values, proto3));
            }
            for m in messages {
                let name = format!("{prefix}.{}", m.name());
                walk(corpus, &name, &m.nested_type, &m.enum_type, proto3);
                corpus.messages.insert(name, (m.clone(), proto3));
            }
        }
        for file in &set.file {
            let prefix = if file.package().is_empty() {
                String::new()
            } else {
                format!(".{}", file.package())
            };
            let proto3 = file.syntax() == "proto3";
            walk(
                &mut corpus,
                &prefix,
                &file.message_type,
                &file.enum_type,
                proto3,
            );
        }
        corpus
    }

    fn message(&self, rng: &mut Rng, name: &str, depth: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let pick = |rng: &mut Rng, n: u64| rng.below(n);
        match name {
            ".google.protobuf.Timestamp" => {
                let (seconds, nanos) = random_timestamp(rng);
                put_tag(&mut out, 1, 0);
                put_varint(&mut out, seconds as u64);
                put_tag(&mut out, 2, 0);
                put_varint(&mut out, nanos as i64 as u64);
                return out;
            }
            ".google.protobuf.Duration" => {
                let (seconds, nanos) = random_duration(rng);
                put_tag(&mut out, 1, 0);
                put_varint(&mut out, seconds as u64);
                put_tag(&mut out, 2, 0);
                put_varint(&mut out, nanos as i64 as u64);
                return out;
            }
            ".google.protobuf.FieldMask" => {
                for _ in 0..pick(rng, 3) {
                    put_len(&mut out, 1, random_path(rng).as_bytes());
                }
                return out;
            }
            ".google.protobuf.Any" => {
                // protobuf-go compares an Any's value bytes as bytes, so the packed message is
                // written canonically (no zero fields, no maps whose order could change): a
                // Duration, a Timestamp or a ForeignMessage.
                let mut value = Vec::new();
                let canonical = |value: &mut Vec<u8>, number: i32, v: i64| {
                    if v != 0 {
                        put_tag(value, number, 0);
                        put_varint(value, v as u64);
                    }
                };
                let inner = match pick(rng, 3) {
                    0 => {
                        let (seconds, nanos) = random_duration(rng);
                        canonical(&mut value, 1, seconds);
                        canonical(&mut value, 2, i64::from(nanos));
                        "google.protobuf.Duration"
                    }
                    1 => {
                        let (seconds, nanos) = random_timestamp(rng);
                        canonical(&mut value, 1, seconds);
                        canonical(&mut value, 2, i64::from(nanos));
                        "google.protobuf.Timestamp"
                    }
                    _ => {
                        canonical(&mut value, 1, i64::from(random_i64(rng) as i32));
                        if name.contains("proto2") {
                            "protobuf_test_messages.proto2.ForeignMessageProto2"
                        } else {
                            "protobuf_test_messages.proto3.ForeignMessage"
                        }
                    }
                };
                put_len(
                    &mut out,
                    1,
                    format!("type.googleapis.com/{inner}").as_bytes(),
                );
                put_len(&mut out, 2, &value);
                return out;
            }
            ".google.protobuf.Value" => {
                let kind = if depth > 3 {
                    1 + pick(rng, 3)
                } else {
                    1 + pick(rng, 5)
                };
                match kind {
                    1 => {
                        put_tag(&mut out, 1, 0);
                        put_varint(&mut out, 0);
                    }
                    2 => {
                        let v = random_f64(rng);
                        put_tag(&mut out, 2, 1);
                        let v = if v.is_finite() { v } else { 0.5 };
                        out.extend_from_slice(&v.to_le_bytes());
                    }
                    3 => put_len(&mut out, 3, random_string(rng).as_bytes()),
                    4 => put_len(
                        &mut out,
                        5,
                        &self.message(rng, ".google.protobuf.Struct", depth + 1),
                    ),
                    _ => put_len(
                        &mut out,
                        6,
                        &self.message(rng, ".google.protobuf.ListValue", depth + 1),
                    ),
                }
                return out;
            }
            _ => {}
        }
        let (message, proto3) = self
            .messages
            .get(name)
            .unwrap_or_else(|| panic!("no message {name}"));
        let proto3 = *proto3;
        // A map entry has its key and value always (an entry without a value is not a JSON
        // map member).
        let is_map_entry = message.options.as_ref().is_some_and(|o| o.map_entry());
        // At most one member of each oneof.
        let mut oneof_choice: Vec<Option<i32>> = message
            .oneof_decl
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let members: Vec<i32> = message
                    .field
                    .iter()
                    .filter(|f| f.oneof_index == Some(i as i32))
                    .map(|f| f.number())
                    .collect();
                (!members.is_empty() && rng.chance(60)).then(|| *rng.pick(&members))
            })
            .collect();
        for field in &message.field {
            use prost_types::field_descriptor_proto::{Label, Type};
            if let Some(i) = field.oneof_index {
                if oneof_choice[i as usize] != Some(field.number()) {
                    continue;
                }
                oneof_choice[i as usize] = None;
            } else if !is_map_entry && !rng.chance(if depth == 0 { 60 } else { 30 }) {
                continue;
            }
            let is_message = matches!(field.r#type(), Type::Message | Type::Group);
            if is_message && depth >= 3 && !field.type_name().starts_with(".google.protobuf.") {
                continue;
            }
            let count = if field.label() == Label::Repeated {
                1 + pick(rng, 3)
            } else {
                1
            };
            let map_entry = is_message
                && self
                    .messages
                    .get(field.type_name())
                    .is_some_and(|(m, _)| m.options.as_ref().is_some_and(|o| o.map_entry()));
            for _ in 0..count {
                if map_entry {
                    put_len(
                        &mut out,
                        field.number(),
                        &self.message(rng, field.type_name(), depth),
                    );
                    continue;
                }
                self.field_value(rng, field, proto3, depth, &mut out);
            }
        }
        out
    }

    fn field_value(
        &self,
        rng: &mut Rng,
        field: &prost_types::FieldDescriptorProto,
        _proto3: bool,
        depth: u32,
        out: &mut Vec<u8>,
    ) {
        use prost_types::field_descriptor_proto::Type;
        let n = field.number();
        let v = random_i64(rng);
        match field.r#type() {
            Type::Double => {
                put_tag(out, n, 1);
                // No NaN (never equal to itself) and no -0.0: our binary encoder, like prost's,
                // drops a -0.0 where protobuf-go keeps it (an implicit-presence field, a map
                // value, a prost-types wrapper), a binary difference the JSON check would see.
                let f = random_f64(rng);
                out.extend_from_slice(&(if f.is_nan() { 1.25 } else { f + 0.0 }).to_le_bytes());
            }
            Type::Float => {
                put_tag(out, n, 5);
                let f = random_f32(rng);
                out.extend_from_slice(&(if f.is_nan() { 1.25 } else { f + 0.0 }).to_le_bytes());
            }
            Type::Int64 | Type::Uint64 => {
                put_tag(out, n, 0);
                put_varint(out, v as u64);
            }
            Type::Int32 => {
                put_tag(out, n, 0);
                put_varint(out, i64::from(v as i32) as u64);
            }
            Type::Uint32 => {
                put_tag(out, n, 0);
                put_varint(out, u64::from(v as u32));
            }
            Type::Sint32 => {
                put_tag(out, n, 0);
                let v = v as i32;
                put_varint(out, u64::from(((v << 1) ^ (v >> 31)) as u32));
            }
            Type::Sint64 => {
                put_tag(out, n, 0);
                put_varint(out, ((v << 1) ^ (v >> 63)) as u64);
            }
            Type::Fixed64 | Type::Sfixed64 => {
                put_tag(out, n, 1);
                out.extend_from_slice(&v.to_le_bytes());
            }
            Type::Fixed32 | Type::Sfixed32 => {
                put_tag(out, n, 5);
                out.extend_from_slice(&(v as i32).to_le_bytes());
            }
            Type::Bool => {
                put_tag(out, n, 0);
                put_varint(out, rng.below(2));
            }
            Type::String => put_len(out, n, random_string(rng).as_bytes()),
            Type::Bytes => put_len(out, n, &random_bytes(rng)),
            Type::Enum => {
                let (values, open) = &self.enums[field.type_name()];
                let value = if field.type_name() == ".google.protobuf.NullValue" {
                    0
                } else if *open && rng.chance(10) {
                    rng.range_i64(-5, 1000) as i32
                } else {
                    *rng.pick(values)
                };
                put_tag(out, n, 0);
                put_varint(out, i64::from(value) as u64);
            }
            Type::Message => put_len(out, n, &self.message(rng, field.type_name(), depth + 1)),
            Type::Group => {
                put_tag(out, n, 3);
                out.extend_from_slice(&self.message(rng, field.type_name(), depth + 1));
                put_tag(out, n, 4);
            }
        }
    }
}

fn random_string(rng: &mut Rng) -> String {
    let pieces = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7f}", "é", "€", "谷", "😀",
        "\u{2028}", "<", "&",
    ];
    (0..rng.below(8)).map(|_| *rng.pick(&pieces)).collect()
}

/// The binary of `a` and `b` as Go's equality mode takes them.
fn pair(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = (a.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(a);
    out.extend_from_slice(b);
    out
}

#[test]
fn random_messages_read_the_same_in_go_and_in_ours() {
    let Some(helper) = go_helper() else { return };
    let Some(include) = conformance_include() else {
        return;
    };
    let files = [
        "google/protobuf/test_messages_proto3.proto",
        "google/protobuf/test_messages_proto2.proto",
    ];
    let set_path = descriptor_set(&include, &files, "test_messages");
    let mut set =
        prost_types::FileDescriptorSet::decode(std::fs::read(&set_path).unwrap().as_slice())
            .expect("a descriptor set");
    // protobuf-go 1.28 refuses MessageSet descriptors (a proto1 feature; the proto2 messages
    // have one, which the random messages never use): Go gets them as plain messages.
    fn plain(messages: &mut [prost_types::DescriptorProto]) {
        for m in messages {
            if m.options
                .as_ref()
                .is_some_and(|o| o.message_set_wire_format())
            {
                m.options.as_mut().unwrap().message_set_wire_format = None;
                for range in &mut m.extension_range {
                    range.end = range.end.map(|end| end.min(536_870_912));
                }
            }
            plain(&mut m.nested_type);
        }
    }
    set.file.iter_mut().for_each(|f| plain(&mut f.message_type));
    let go_set = set_path.with_extension("go.pb");
    std::fs::write(&go_set, set.encode_to_vec()).unwrap();
    let corpus = Corpus::new(&set);
    let mut go = Go::start(helper, &go_set);
    let mut ours = Ours::start(&build_testee(&include));
    let mut rng = Rng(0x5eed_0003);
    let types = [
        "protobuf_test_messages.proto3.TestAllTypesProto3",
        "protobuf_test_messages.proto2.TestAllTypesProto2",
    ];
    let mut failures = Vec::new();
    for round in 0..1000 {
        let message_type = types[round % types.len()];
        let binary = corpus.message(&mut rng, &format!(".{message_type}"), 0);
        // Ours writes, Go reads.
        match ours.write_json(message_type, &binary) {
            Err(e) => failures.push(format!(
                "round {round}: ours cannot write {message_type}: {e}"
            )),
            Ok(json) => match go.call(message_type, Mode::JsonToBinary, json.as_bytes()) {
                Err(e) => failures.push(format!(
                    "round {round}: protojson cannot read our {json}: {e}"
                )),
                Ok(back) => {
                    if let Err(e) = go.call(message_type, Mode::Equal, &pair(&binary, &back)) {
                        failures.push(format!(
                            "round {round}: protojson reads our {json} as another message: {e}"
                        ));
                    }
                }
            },
        }
        // Go writes, ours reads.
        match go.call(message_type, Mode::BinaryToJson, &binary) {
            Err(e) => failures.push(format!(
                "round {round}: protojson cannot write {message_type}: {e}"
            )),
            Ok(json) => {
                let json = String::from_utf8(json).expect("JSON is UTF-8");
                match ours.read_json(message_type, &json) {
                    Err(e) => failures.push(format!(
                        "round {round}: ours cannot read protojson's {json}: {e}"
                    )),
                    Ok(back) => {
                        if let Err(e) = go.call(message_type, Mode::Equal, &pair(&binary, &back)) {
                            failures.push(format!("round {round}: ours reads protojson's {json} as another message: {e}"));
                        }
                    }
                }
            }
        }
        if failures.len() > 20 {
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
