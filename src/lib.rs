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

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

pub use builder::Builder;
pub use error::Error;
pub use options::Options;
pub use output::GeneratedFile;

use model::{Model, Package, PackagePlan};
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
    let model = Model::build(request, options)?;
    let mut files = Vec::new();
    match each_file(&model, options, |f| {
        files.push(f);
        Ok(())
    }) {
        Ok(()) => Ok((files, model.warnings)),
        Err(Halt::Generate(e)) => Err(e),
        Err(Halt::Write(e)) => Err(Error::new(e.to_string())),
    }
}

/// Every file, in order, to `sink`: packages in order (resolved and generated on all
/// cores), then the module tree file.
fn each_file(
    model: &Model<'_>,
    options: &Options,
    mut sink: impl FnMut(GeneratedFile) -> std::io::Result<()>,
) -> Result<(), Halt> {
    for plan in &model.packages {
        if package_file_names(plan).contains(&options.mod_file) {
            return Err(Halt::Generate(error::err!(
                "the module tree file '{}' has the name of a package's file; choose another with mod_file=NAME",
                options.mod_file
            )));
        }
    }
    let mut tree = Vec::with_capacity(model.packages.len());
    in_order_on_all_cores(
        &model.packages,
        |plan| {
            let package = model.package(plan, options)?;
            let files = package_files(model, options, &package)?;
            let entry = output::TreeEntry {
                modules: package.modules.clone(),
                files: files.iter().map(|f| f.name.clone()).collect(),
                allow_deprecated: package.has_deprecated_types(),
            };
            Ok((files, entry))
        },
        |(files, entry)| {
            tree.push(entry);
            for f in files {
                sink(f).map_err(Halt::Write)?;
            }
            Ok(())
        },
    )?;
    let all_sources: Vec<&str> = model
        .packages
        .iter()
        .flat_map(|p| p.source_files())
        .collect();
    let mod_file = output::mod_file(
        &options.mod_file,
        &tree,
        &provenance(model, options, all_sources),
    )
    .map_err(Halt::Generate)?;
    sink(mod_file).map_err(Halt::Write)
}

/// The names of a package's files, as [`package_files`] makes them.
fn package_file_names(package: &PackagePlan<'_>) -> Vec<String> {
    let mut names = vec![format!("{}.rs", package.file_stem)];
    if package.has_services() {
        names.push(format!("{}_grpc.rs", package.file_stem));
    }
    names
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
    let body = codegen::messages::package(&ctx, package)?;
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

/// Maps `f` over `items` on all cores and hands the results to `sink` in the items' order,
/// each as soon as those before it are done (so results do not pile up). An error of `f`
/// does not stop the others (each package's errors are independent): nothing more goes to
/// `sink`, and all of them are returned at the end, in the items' order ([`Error::many`]).
/// An error of `sink` stops everything.
fn in_order_on_all_cores<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, Error> + Sync,
    mut sink: impl FnMut(R) -> Result<(), Halt>,
) -> Result<(), Halt> {
    let mut errors = Vec::new();
    let mut take = |r: Result<R, Error>| -> Result<(), Halt> {
        match r {
            Ok(r) if errors.is_empty() => sink(r),
            Ok(_) => Ok(()),
            Err(e) => {
                errors.push(e);
                Ok(())
            }
        }
    };
    in_order_on_all_cores_inner(items, f, &mut take)?;
    match Error::many(errors) {
        Some(e) => Err(Halt::Generate(e)),
        None => Ok(()),
    }
}

/// [`in_order_on_all_cores`] with every result, error or not, going to `sink` in order.
fn in_order_on_all_cores_inner<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, Error> + Sync,
    sink: &mut impl FnMut(Result<R, Error>) -> Result<(), Halt>,
) -> Result<(), Halt> {
    // Asking for the number of cores reads the cgroup files under /proc (a noticeable part
    // of a small run's start-up): only when there is more than one item.
    let threads = if items.len() > 1 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(items.len())
    } else {
        1
    };
    if threads <= 1 {
        for item in items {
            sink(f(item))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel::<(usize, Result<R, Error>)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, f) = (&next, &stop, &f);
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, f(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut wanted = 0;
        let result = (|| {
            for (i, r) in &rx {
                waiting.insert(i, r);
                while let Some(r) = waiting.remove(&wanted) {
                    sink(r)?;
                    wanted += 1;
                }
            }
            if wanted < items.len() {
                return Err(Halt::Generate(Error::new(
                    "internal error: a package was not generated",
                )));
            }
            Ok(())
        })();
        // Workers finish the package in hand and stop.
        stop.store(true, Ordering::Relaxed);
        drop(rx);
        result
    })
}
