//! What both fuzz targets check, and the structured request builder.
//!
//! Properties, for any input: the plugin does not panic (libFuzzer reports it), does not
//! hang (libFuzzer's `-timeout`), and when it answers without an error every emitted file
//! parses as Rust, has a relative path that stays in the output directory, and a second run
//! gives the same bytes.

use prost::Message;
use protoc_gen_rustsvc::pb::{CodeGeneratorRequest, CodeGeneratorResponse};

pub mod front;
pub mod structured;

/// Runs the plugin on raw bytes and checks the properties.
pub fn check_bytes(data: &[u8]) {
    let Ok(out) = protoc_gen_rustsvc::run_plugin(data) else {
        return; // not a CodeGeneratorRequest: the binary reports it on stderr
    };
    let response =
        CodeGeneratorResponse::decode(out.as_slice()).expect("the plugin's own response decodes");
    check_response(&response);
    let again = protoc_gen_rustsvc::run_plugin(data).expect("decoded the first time");
    assert!(out == again, "two runs on the same request differ");
}

/// Runs the plugin on a request and checks the properties.
pub fn check_request(request: &CodeGeneratorRequest) {
    check_bytes(&request.encode_to_vec());
}

/// Every file of a response without an error parses as Rust and names a safe path.
pub fn check_response(response: &CodeGeneratorResponse) {
    if let Some(error) = &response.error {
        assert!(
            response.file.is_empty(),
            "files returned with an error: {error}"
        );
        assert!(!error.is_empty(), "an empty error message");
        return;
    }
    assert!(!response.file.is_empty(), "no error and no files");
    for f in &response.file {
        let name = f.name();
        assert!(
            !name.is_empty()
                && !name.starts_with('/')
                && !name.contains('\\')
                && name.split('/').all(|part| part != ".." && !part.is_empty()),
            "unsafe output file name {name:?}"
        );
        let content = f.content();
        if let Err(e) = syn::parse_file(content) {
            panic!("{name} does not parse as Rust: {e}\n{content}");
        }
    }
}
