//! Generates proto/user.proto of the main crate into OUT_DIR with the builder, forcing the
//! built-in parser so the build never needs protoc.

use protoc_gen_rustsvc::parse::ParserKind;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    protoc_gen_rustsvc::Builder::new()
        .include("../../proto")
        .parser(ParserKind::Pure)
        // Messages only: this crate does not depend on tonic.
        .opt("server=false,client=false")
        .compile(&["../../proto/user.proto"])?;
    Ok(())
}
