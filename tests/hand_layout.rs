//! The generators write most items directly in prettyplease's layout (src/codegen/code.rs,
//! layout.rs, message_impl.rs) and fall back to prettyplease only where they do not know
//! it. `RUSTSVC_REFORMAT_ALL=1` lays every item out with prettyplease: for every golden case,
//! in both message forms, the plugin must write the same bytes either way.
//! (scripts/googleapis.sh does the same over all of googleapis.)

mod support;

use std::io::Write as _;
use std::process::{Command, Stdio};

use prost::Message;
use protoc_gen_rustsvc::pb::{CodeGeneratorRequest, CodeGeneratorResponse};

fn run(request: &CodeGeneratorRequest, reformat_all: bool) -> CodeGeneratorResponse {
    let mut child = Command::new(support::plugin_bin())
        .env("RUSTSVC_REFORMAT_ALL", if reformat_all { "1" } else { "0" })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the plugin");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&request.encode_to_vec())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    CodeGeneratorResponse::decode(out.stdout.as_slice()).unwrap()
}

#[test]
fn hand_layout_is_prettyplease_layout_in_both_message_forms() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for support::Case { name, dir } in support::golden_cases() {
        let protos = support::case_protos(&dir);
        let files: Vec<&str> = protos.iter().map(String::as_str).collect();
        let params = support::case_params(&dir);
        let mut variants = vec![params.clone()];
        if !params.contains("message_impl") {
            variants.push(format!("{params},message_impl=own"));
        }
        for params in variants {
            let request = support::request_for(&[&dir], &files, &params);
            let direct = run(&request, false);
            let relaid = run(&request, true);
            assert_eq!(direct.error, relaid.error, "{name} ({params})");
            for (a, b) in direct.file.iter().zip(&relaid.file) {
                compared += 1;
                if a.content != b.content {
                    failures.push(format!(
                        "{name} ({params}) {}:\n{}",
                        a.name(),
                        support::diff(b.content(), a.content())
                    ));
                }
            }
            assert_eq!(direct.file.len(), relaid.file.len(), "{name} ({params})");
        }
    }
    assert!(compared > 100, "only {compared} files compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
