//! protoc-gen-rustsvc: a protoc plugin (stdin → stdout) when run without arguments, or a
//! command-line compiler (`--out-dir DIR FILE.proto...`), or `--help` / `--version`.

use std::io::IsTerminal;

// The system allocator, deliberately: mimalloc ran all of googleapis ~20% faster, but cost
// 0.75 ms of every start (huge-page zeroing, arena set-up) and 3.5× the memory on small
// requests, which are most runs (bench/README.md).
use std::process::ExitCode;

use protoc_gen_rustsvc::options::SPECS;

fn usage() -> String {
    let mut s = String::from(
        "protoc-gen-rustsvc: generates prost messages and tonic gRPC services for Rust.\n\n\
         Run it through protoc:\n    \
         protoc --plugin=protoc-gen-rustsvc=PATH --rustsvc_out=src/generated [--rustsvc_opt=k=v,...] a.proto\n\
         then `pub mod generated;` in src/lib.rs (not `mod gen;`: `gen` is reserved in edition 2024).\n\n\
         Options (--rustsvc_opt, comma separated; a comma inside a value is written \\,):\n",
    );
    for spec in SPECS {
        s.push_str(&format!(
            "    {:<24} {} (default: {})\n",
            spec.name,
            spec.help,
            if spec.default.is_empty() {
                "none"
            } else {
                spec.default
            }
        ));
    }
    s.push('\n');
    s.push_str(protoc_gen_rustsvc::cli::USAGE);
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            println!("protoc-gen-rustsvc {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("--help" | "-h") => {
            print!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Some(_) => {
            return match protoc_gen_rustsvc::cli::run(&args) {
                Ok(log) => {
                    for line in log {
                        eprintln!("protoc-gen-rustsvc: {line}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    // Several errors come a line each.
                    for line in e.message().lines() {
                        eprintln!("protoc-gen-rustsvc: {line}");
                    }
                    ExitCode::FAILURE
                }
            };
        }
        None => {}
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!(
            "protoc-gen-rustsvc: stdin is a terminal. This is a protoc plugin: it reads a \
             CodeGeneratorRequest from protoc.\n\n{}",
            usage()
        );
        return ExitCode::FAILURE;
    }
    let input = match protoc_gen_rustsvc::pb::read_request(stdin.lock()) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("protoc-gen-rustsvc: cannot read stdin: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match protoc_gen_rustsvc::run_plugin_streaming(input, &mut stdout) {
        Ok(warnings) => {
            for w in warnings {
                eprintln!("protoc-gen-rustsvc: warning: {w}");
            }
        }
        Err(protoc_gen_rustsvc::PluginError::Decode(e)) => {
            eprintln!(
                "protoc-gen-rustsvc: stdin is not a CodeGeneratorRequest ({e}). This is a protoc \
                 plugin: run it as protoc --rustsvc_out=DIR file.proto"
            );
            return ExitCode::FAILURE;
        }
        Err(protoc_gen_rustsvc::PluginError::Write(e)) => {
            eprintln!("protoc-gen-rustsvc: cannot write the response to stdout: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
