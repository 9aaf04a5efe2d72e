//! The server's constructors and settings, written inside `impl<T> {Service}Server<T>`.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
/// Serves `inner`.
pub fn new(inner: T) -> Self {
    Self::from_arc(::std::sync::Arc::new(inner))
}
/// Serves a shared `inner`.
pub fn from_arc(inner: ::std::sync::Arc<T>) -> Self {
    Self {
        inner,
        config: ::core::default::Default::default(),
    }
}
/// Serves `inner` behind an interceptor that sees every request first.
pub fn with_interceptor<F: ::tonic::service::Interceptor>(
    inner: T,
    interceptor: F,
) -> ::tonic::service::interceptor::InterceptedService<Self, F> {
    ::tonic::service::interceptor::InterceptedService::new(
        Self::new(inner),
        interceptor,
    )
}
/// Accepts requests compressed with `encoding`.
#[must_use]
pub fn accept_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
    self.config = self.config.accept_compressed(encoding);
    self
}
/// Compresses responses with `encoding` when the client accepts it.
#[must_use]
pub fn send_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
    self.config = self.config.send_compressed(encoding);
    self
}
/// Limits the size of a decoded request message (default 4 MiB).
#[must_use]
pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
    self.config = self.config.max_decoding_message_size(limit);
    self
}
/// Limits the size of an encoded response message (default `usize::MAX`).
#[must_use]
pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
    self.config = self.config.max_encoding_message_size(limit);
    self
}
