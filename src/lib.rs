//! protoc-gen-rustsvc: prost messages and tonic services from .proto files.
//!
//! The pipeline runs one way: options → model → names → codegen → output (the README's
//! Architecture section says what each stage owns). [`generate`] is the whole plugin: a `CodeGeneratorRequest` in, a `CodeGeneratorResponse`
//! out.

pub mod builder;
#[doc(hidden)]
pub mod cli;
pub(crate) mod codegen;
pub mod error;
mod fasthash;
#[doc(hidden)]
pub mod model;
pub(crate) mod names;
pub mod options;
pub mod output;
#[doc(hidden)]
pub mod parse;
pub mod pb;
mod pool;
pub(crate) mod text;
pub(crate) mod write;

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
    let mut response = empty_response();
    match Options::parse(request.parameter()).and_then(|options| generate_files(request, &options))
    {
        Ok(files) => response.file = files.into_iter().map(response_file).collect(),
        Err(e) => response.error = Some(e.to_string()),
    }
    response
}

fn empty_response() -> CodeGeneratorResponse {
    CodeGeneratorResponse {
        supported_features: Some(SUPPORTED_FEATURES),
        minimum_edition: Some(model::features::MINIMUM_EDITION as i32),
        maximum_edition: Some(model::features::MAXIMUM_EDITION as i32),
        ..Default::default()
    }
}

fn response_file(f: GeneratedFile) -> ResponseFile {
    ResponseFile {
        name: Some(f.name),
        content: Some(f.content),
        ..Default::default()
    }
}

/// Why the plugin could not answer: the input is not a request, or the output could not
/// be written.
#[derive(Debug)]
pub enum PluginError {
    Decode(pb::wire::WireError),
    Write(std::io::Error),
}

impl std::fmt::Display for PluginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PluginError::Decode(e) => write!(f, "not a CodeGeneratorRequest ({e})"),
            PluginError::Write(e) => write!(f, "cannot write the response ({e})"),
        }
    }
}

impl std::error::Error for PluginError {}

/// Decodes a request, generates, encodes the response (files, or only the error).
pub fn run_plugin(input: &[u8]) -> Result<Vec<u8>, PluginError> {
    use prost::Message;
    let input = pb::read_request(input)
        .map_err(|e| PluginError::Decode(pb::wire::WireError(e.to_string())))?;
    let request = pb::decode_request(input).map_err(PluginError::Decode)?;
    let mut response = empty_response();
    let mut files = Vec::new();
    match generate_request(&request, &mut Vec::new(), |f| {
        files.push(f);
        Ok(())
    }) {
        Ok(()) => response.file = files.into_iter().map(response_file).collect(),
        Err(Halt::Generate(e)) => response.error = Some(e.to_string()),
        Err(Halt::Write(e)) => return Err(PluginError::Write(e)),
    }
    Ok(response.encode_to_vec())
}

/// [`run_plugin`] for large requests, as the binary runs: the input as [`pb::read_request`]
/// read it (each file's bytes freed once decoded, its source info kept as the declarations
/// only), and the response written to `out` as it is generated: each file as soon as the
/// files before it are, then freed, so the generated text is never all in memory. On
/// success the bytes are exactly [`run_plugin`]'s. When a package fails after others were
/// written, the response carries those files and the error: protoc (and buf) then write no
/// file at all. Returns the warnings ([`model::Model::warnings`]), for stderr: protoc shows
/// a plugin's stderr, and the response stays as it is.
pub fn run_plugin_streaming(
    input: pb::RequestBytes,
    out: &mut impl std::io::Write,
) -> Result<Vec<String>, PluginError> {
    use prost::Message;
    let request = pb::decode_request(input).map_err(PluginError::Decode)?;
    // The response's other fields (numbers 1 to 4) come before its files (number 15), as
    // prost encodes them; they are written with the first file, so that an error found
    // before any file gives run_plugin's bytes.
    let mut started = false;
    let mut buf = Vec::new();
    let mut warnings = Vec::new();
    let outcome = generate_request(&request, &mut warnings, |f| {
        buf.clear();
        if !started {
            empty_response().encode(&mut buf)?;
            started = true;
        }
        prost::encoding::message::encode(15, &response_file(f), &mut buf);
        out.write_all(&buf)
    });
    let mut rest = if started {
        CodeGeneratorResponse::default()
    } else {
        empty_response()
    };
    match outcome {
        Ok(()) => {}
        Err(Halt::Generate(e)) => rest.error = Some(e.to_string()),
        Err(Halt::Write(e)) => return Err(PluginError::Write(e)),
    }
    out.write_all(&rest.encode_to_vec())
        .map_err(PluginError::Write)?;
    out.flush().map_err(PluginError::Write)?;
    Ok(warnings)
}

/// Every file for a decoded request, in order, to `sink`; the model's warnings to
/// `warnings`.
fn generate_request(
    request: &pb::Request,
    warnings: &mut Vec<String>,
    sink: impl FnMut(GeneratedFile) -> std::io::Result<()>,
) -> Result<(), Halt> {
    let options = Options::parse(request.request.parameter()).map_err(Halt::Generate)?;
    let model = Model::from_request(request, &options).map_err(Halt::Generate)?;
    warnings.extend_from_slice(&model.warnings);
    each_file(&model, &options, sink)
}

/// Why [`each_file`] stopped.
enum Halt {
    Generate(Error),
    Write(std::io::Error),
}

/// Generates every file for a request with the given options: per package `<package>.rs`
/// (and `<package>_grpc.rs` when it has services), then the module tree file.
pub fn generate_files(
    request: &CodeGeneratorRequest,
    options: &Options,
) -> Result<Vec<GeneratedFile>, Error> {
    generate_files_and_warnings(request, options).map(|(files, _)| files)
}

/// [`generate_files`], and the warnings ([`model::Model::warnings`]).
pub fn generate_files_and_warnings(
    request: &CodeGeneratorRequest,
    options: &Options,
) -> Result<(Vec<GeneratedFile>, Vec<String>), Error> {
    let mut files = Vec::new();
    let warnings = generate_into(request, options, |f| {
        files.push(f);
        Ok(())
    })?;
    Ok((files, warnings))
}

/// [`generate_files_and_warnings`], each file handed to `sink` as soon as it and those
/// before it are generated (the command line and the builder write while the next packages
/// are generated); returns the warnings. An error of `sink` stops the generation.
pub(crate) fn generate_into(
    request: &CodeGeneratorRequest,
    options: &Options,
    mut sink: impl FnMut(GeneratedFile) -> Result<(), Error>,
) -> Result<Vec<String>, Error> {
    let t0 = std::time::Instant::now();
    let model = Model::build(request, options)?;
    if std::env::var_os("RUSTSVC_NATIVE_TIMING").is_some() {
        eprintln!("generator: model built in {:?}", t0.elapsed());
    }
    let mut failed = None;
    let outcome = each_file(&model, options, |f| {
        sink(f).map_err(|e| {
            failed = Some(e);
            std::io::Error::other("the sink failed")
        })
    });
    match outcome {
        Ok(()) => Ok(model.warnings),
        Err(Halt::Generate(e)) => Err(e),
        Err(Halt::Write(e)) => Err(failed.unwrap_or_else(|| Error::new(e.to_string()))),
    }
}

/// Every file, in order, to `sink`: packages in order (resolved and generated on all
/// cores), then the module tree file.
fn each_file(
    model: &Model<'_>,
    options: &Options,
    mut sink: impl FnMut(GeneratedFile) -> std::io::Result<()>,
) -> Result<(), Halt> {
    let mut tree = Vec::with_capacity(model.packages.len());
    let shared = codegen::Shared::default();
    // Each package's errors are independent of the others': all are reported, in order;
    // once one package failed, no more files go to `sink`.
    let mut errors = Vec::new();
    pool::in_order_on_all_cores(
        &model.packages,
        |plan| {
            let package = model.package(plan, options).map_err(Halt::Generate)?;
            let files = package_files(model, &shared, &package).map_err(Halt::Generate)?;
            let entry = codegen::module_tree::TreeEntry {
                modules: package.modules.clone(),
                files: files.iter().map(|f| f.name.clone()).collect(),
                allow_deprecated: package.has_deprecated_types(),
            };
            Ok((files, entry))
        },
        |result| match result {
            Ok((files, entry)) if errors.is_empty() => {
                tree.push(entry);
                for f in files {
                    sink(f).map_err(Halt::Write)?;
                }
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(Halt::Generate(e)) => {
                errors.push(e);
                Ok(())
            }
            Err(halt) => Err(halt),
        },
        || Halt::Generate(Error::new("internal error: a package was not generated")),
    )?;
    if let Some(e) = Error::many(errors) {
        return Err(Halt::Generate(e));
    }
    let all_sources: Vec<&str> = model
        .packages
        .iter()
        .flat_map(|p| p.source_files())
        .collect();
    let name = &model.settings.mod_file;
    let body = codegen::module_tree::mod_file(name, &tree).map_err(Halt::Generate)?;
    sink(output::render_text(
        name,
        &body,
        &provenance(model, all_sources),
    ))
    .map_err(Halt::Write)
}

fn provenance<'a>(model: &'a Model<'_>, sources: Vec<&'a str>) -> Provenance<'a> {
    Provenance {
        versions: model
            .settings
            .versions
            .then_some(model.compiler_version.as_deref()),
        sources,
    }
}

/// The files of one package: `<package>.rs`, and `<package>_grpc.rs` when it has services.
fn package_files(
    model: &Model<'_>,
    shared: &codegen::Shared,
    package: &Package<'_>,
) -> Result<Vec<GeneratedFile>, Error> {
    let ctx = codegen::Context::new(model, shared);
    let provenance = provenance(model, package.source_files());
    let names = &package.file_names;
    let body = codegen::messages::package(&ctx, package)?;
    let mut files = vec![output::render_text(&names.messages, &body, &provenance)];
    if let Some(body) = codegen::services::package(&ctx, package)? {
        files.push(output::render_text(&names.services, &body, &provenance));
    }
    Ok(files)
}
