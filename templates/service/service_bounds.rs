//! The server's tower `Service` impl: the `where` bounds after `T: {Trait}`.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
    B: ::tonic::codegen::Body + ::core::marker::Send + 'static,
    B::Error: ::core::convert::Into<::tonic::codegen::StdError>
        + ::core::marker::Send + 'static,
