//! Generates proto/user.proto of the main crate into OUT_DIR with the builder and its
//! default parser, the built-in front end, so the build never needs protoc.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    protoc_gen_rustsvc::Builder::new()
        .include("../../proto")
        // Messages only: this crate does not depend on tonic.
        .opt("server=false,client=false")
        .compile(&["../../proto/user.proto"])?;
    Ok(())
}
