//! Where the plugin's time and memory go: runs the pipeline on a saved CodeGeneratorRequest
//! phase by phase and prints, after each, the wall time and the process's resident memory
//! (VmRSS) and peak (VmHWM). Built by bench/phases.sh outside the workspace.
//! Usage: phases REQUEST.bin

use std::time::Instant;

use prost::Message;
use protoc_gen_rustsvc::model::Model;
use protoc_gen_rustsvc::pb::CodeGeneratorRequest;
use protoc_gen_rustsvc::Options;

fn mem() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn report(phase: &str, start: &mut Instant) {
    let (rss, hwm) = mem();
    println!(
        "| {phase} | {:.0} ms | {rss} MB | {hwm} MB |",
        start.elapsed().as_secs_f64() * 1000.0
    );
    *start = Instant::now();
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: phases REQUEST.bin");
    println!("| phase | time | RSS after | peak so far |");
    println!("|---|---|---|---|");
    let mut t = Instant::now();
    let input = std::fs::read(&path).expect("read the request");
    report("read request", &mut t);
    let request = CodeGeneratorRequest::decode(input.as_slice()).expect("a request");
    report("decode request (prost)", &mut t);
    drop(input);
    report("drop input bytes", &mut t);
    let options = Options::parse(request.parameter()).expect("options");
    let model = Model::build(&request, &options).expect("model");
    report("Model::build", &mut t);
    drop(model);
    report("drop model", &mut t);
    let files = protoc_gen_rustsvc::generate_files(&request, &options).expect("files");
    report(
        "generate_files (model + codegen + format, all cores)",
        &mut t,
    );
    let bytes: usize = files.iter().map(|f| f.content.len()).sum();
    let response = protoc_gen_rustsvc::generate(&request);
    drop(files);
    report("generate again, into a response", &mut t);
    let encoded = response.encode_to_vec();
    report("encode response", &mut t);
    println!();
    println!(
        "{} files in the request, {} output bytes, {} encoded response bytes",
        request.proto_file.len(),
        bytes,
        encoded.len()
    );
}
