//! The client's constructors before `with_interceptor`.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
/// A client over `inner`, a channel or any tonic `GrpcService`.
pub fn new(inner: T) -> Self {
    Self {
        inner: ::tonic::client::Grpc::new(inner),
    }
}
/// A client that sends its requests to `origin`.
pub fn with_origin(inner: T, origin: ::tonic::codegen::http::Uri) -> Self {
    Self {
        inner: ::tonic::client::Grpc::with_origin(inner, origin),
    }
}
