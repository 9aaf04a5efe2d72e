//! Where the plugin's time and memory go: runs the pipeline on a saved CodeGeneratorRequest
//! phase by phase and prints, after each, the wall time and the process's resident memory
//! (VmRSS) and peak (VmHWM). Built by bench/phases.sh outside the workspace.
//! Usage: phases REQUEST.bin

use std::time::Instant;

use prost::Message;
use protoc_gen_rustsvc::model::Model;
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
    {
        use protoc_gen_rustsvc::pb;
        use std::mem::size_of;
        println!(
            "struct sizes: FileDescriptorProto {} B, DescriptorProto {} B, FieldDescriptorProto {} B, source Location {} B",
            size_of::<pb::FileDescriptorProto>(),
            size_of::<pb::DescriptorProto>(),
            size_of::<pb::FieldDescriptorProto>(),
            size_of::<pb::Location>(),
        );
        println!(
            "prost-types:  FileDescriptorProto {} B, DescriptorProto {} B, FieldDescriptorProto {} B, source Location {} B",
            size_of::<prost_types::FileDescriptorProto>(),
            size_of::<prost_types::DescriptorProto>(),
            size_of::<prost_types::FieldDescriptorProto>(),
            size_of::<prost_types::source_code_info::Location>(),
        );
        println!();
    }
    println!("| phase | time | RSS after | peak so far |");
    println!("|---|---|---|---|");
    let mut t = Instant::now();
    let read = || {
        protoc_gen_rustsvc::pb::read_request(std::fs::File::open(&path).expect("open the request"))
            .expect("read the request")
    };
    let input = read();
    report("read request", &mut t);
    if std::env::var_os("PHASES_PROST_TYPES").is_some() {
        // For comparison: the whole request decoded into prost-types' descriptor types.
        let bytes = std::fs::read(&path).expect("read the request");
        let request = prost_types::compiler::CodeGeneratorRequest::decode(bytes.as_slice())
            .expect("a request");
        report("decode request (prost-types), then stop", &mut t);
        drop(request);
        return;
    }
    let request = protoc_gen_rustsvc::pb::decode_request(input).expect("a request");
    report("decode request (input freed file by file, declarations kept)", &mut t);
    let options = Options::parse(request.request.parameter()).expect("options");
    let model = Model::from_request(&request, &options).expect("model");
    report("Model::from_request", &mut t);
    drop(model);
    report("drop model", &mut t);
    let files = request.request.proto_file.len();
    drop(request);
    report("drop decoded request", &mut t);
    let mut out = std::io::sink();
    protoc_gen_rustsvc::run_plugin_streaming(read(), &mut out).expect("generates");
    report(
        "read again, run_plugin_streaming to a sink (decode, model, codegen on all cores)",
        &mut t,
    );
    println!();
    println!("{files} files in the request");
}
