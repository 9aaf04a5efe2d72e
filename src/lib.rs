//! protoc-gen-rustsvc: prost messages and tonic services from .proto files.
//!
//! The pipeline runs one way: [`options`] → [`model`] → [`names`] → [`codegen`] → [`output`].
//! [`generate`] is the whole plugin: a `CodeGeneratorRequest` in, a `CodeGeneratorResponse`
//! out.

pub mod builder;
pub mod cli;
pub mod codegen;
pub mod error;
pub mod model;
pub mod names;
pub mod options;
pub mod output;
pub mod parse;
pub mod pb;
pub mod write;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub use builder::Builder;
pub use error::Error;
pub use options::Options;
pub use output::GeneratedFile;

use model::{Model, Package};
use output::Provenance;
use pb::{CodeGeneratorRequest, CodeGeneratorResponse, Feature, ResponseFile};

/// The features this plugin declares to protoc: proto3 `optional`, and editions from
/// [`model::features::MINIMUM_EDITION`] to [`model::features::MAXIMUM_EDITION`].
pub const SUPPORTED_FEATURES: u64 =
    Feature::Proto3Optional as u64 | Feature::SupportsEditions as u64;

/// Runs the plugin on a request: files on success, `error` set on a user error.
pub fn generate(request: &CodeGeneratorRequest) -> CodeGeneratorResponse {
    let mut response = CodeGeneratorResponse {
        supported_features: Some(SUPPORTED_FEATURES),
        minimum_edition: Some(model::features::MINIMUM_EDITION as i32),
        maximum_edition: Some(model::features::MAXIMUM_EDITION as i32),
        ..Default::default()
    };
    let result =
        Options::parse(request.parameter()).and_then(|options| generate_files(request, &options));
    match result {
        Ok(files) => {
            response.file = files
                .into_iter()
                .map(|f| ResponseFile {
                    name: Some(f.name),
                    content: Some(f.content),
                    ..Default::default()
                })
                .collect();
        }
        Err(e) => response.error = Some(e.to_string()),
    }
    response
}

/// Decodes a request, runs [`generate`], encodes the response.
pub fn run_plugin(input: &[u8]) -> Result<Vec<u8>, prost::DecodeError> {
    use prost::Message;
    let request: CodeGeneratorRequest = pb::PluginRequest::decode(input)?.into();
    Ok(generate(&request).encode_to_vec())
}

/// Why [`run_plugin_streaming`] failed: the input is not a request, or the output could
/// not be written.
#[derive(Debug)]
pub enum PluginError {
    Decode(prost::DecodeError),
    Write(std::io::Error),
}

/// [`run_plugin`] for large requests: the input buffer is freed once decoded, and the
/// response is written to `out` one file at a time, each file's text freed once written,
/// so the request bytes, the generated text and the encoded response are never all in
/// memory at once. The bytes written are exactly [`run_plugin`]'s.
pub fn run_plugin_streaming(
    input: Vec<u8>,
    out: &mut impl std::io::Write,
) -> Result<(), PluginError> {
    use prost::Message;
    let request: CodeGeneratorRequest = pb::PluginRequest::decode(input.as_slice())
        .map_err(PluginError::Decode)?
        .into();
    drop(input);
    let mut response = generate(&request);
    drop(request);
    let files = std::mem::take(&mut response.file);
    // The response's other fields (numbers 1 to 4) come before its files (number 15), as
    // prost encodes them.
    let mut buf = response.encode_to_vec();
    for file in files {
        prost::encoding::message::encode(15, &file, &mut buf);
        out.write_all(&buf).map_err(PluginError::Write)?;
        buf.clear();
    }
    out.write_all(&buf).map_err(PluginError::Write)?;
    out.flush().map_err(PluginError::Write)
}

/// Generates every file for a request with the given options: per package `<package>.rs`
/// (and `<package>_grpc.rs` when it has services), then the module tree file.
pub fn generate_files(
    request: &CodeGeneratorRequest,
    options: &Options,
) -> Result<Vec<GeneratedFile>, Error> {
    let model = Model::build(request, options)?;
    let per_package = parallel_map(&model.packages, |p| package_files(&model, options, p))?;

    let mut files = Vec::new();
    let mut tree = Vec::new();
    for (package, generated) in model.packages.iter().zip(per_package) {
        tree.push(output::TreeEntry {
            modules: package.modules.clone(),
            files: generated.iter().map(|f| f.name.clone()).collect(),
            allow_deprecated: package.has_deprecated_types(),
        });
        files.extend(generated);
    }
    let all_sources: Vec<&str> = model
        .packages
        .iter()
        .flat_map(|p| p.source_files())
        .collect();
    files.push(output::mod_file(
        &options.mod_file,
        &tree,
        &provenance(&model, options, all_sources),
    )?);
    for f in &files {
        if f.name == options.mod_file && !std::ptr::eq(f, files.last().expect("not empty")) {
            return Err(error::err!(
                "the module tree file '{}' has the name of a package's file; choose another with mod_file=NAME",
                options.mod_file
            ));
        }
    }
    Ok(files)
}

fn provenance<'a>(
    model: &'a Model<'_>,
    options: &Options,
    sources: Vec<&'a str>,
) -> Provenance<'a> {
    Provenance {
        versions: options
            .versions
            .then_some(model.compiler_version.as_deref()),
        sources,
    }
}

/// The files of one package.
fn package_files(
    model: &Model<'_>,
    options: &Options,
    package: &Package<'_>,
) -> Result<Vec<GeneratedFile>, Error> {
    let ctx = codegen::Context::new(model, options);
    let provenance = provenance(model, options, package.source_files());
    let name = format!("{}.rs", package.file_stem);
    let body = output::format_items(&name, codegen::messages::package(&ctx, package)?)?;
    let mut files = vec![output::render_text(&name, &body, &provenance)];
    // Services go beside the messages in `<package>_grpc.rs`, only for packages with services.
    if let Some(grpc) = codegen::services::package(&ctx, package)? {
        let name = format!("{}_grpc.rs", package.file_stem);
        let mut body = grpc.plumbing.to_string();
        body.push_str(&grpc.items);
        files.push(output::render_text(&name, &body, &provenance));
    }
    Ok(files)
}

/// Maps `f` over `items` on all cores, keeping the order; the first error wins.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, Error> + Sync,
) -> Result<Vec<R>, Error> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<R, Error>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| Err(Error::new("internal error: a package was not generated")))
        })
        .collect()
}
