//! The client's compression and size settings.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
/// Compresses requests with `encoding` (the server must accept it).
#[must_use]
pub fn send_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
    self.inner = self.inner.send_compressed(encoding);
    self
}
/// Accepts responses compressed with `encoding`.
#[must_use]
pub fn accept_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
    self.inner = self.inner.accept_compressed(encoding);
    self
}
/// Limits the size of a decoded response message (default 4 MiB).
#[must_use]
pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
    self.inner = self.inner.max_decoding_message_size(limit);
    self
}
/// Limits the size of an encoded request message (default `usize::MAX`).
#[must_use]
pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
    self.inner = self.inner.max_encoding_message_size(limit);
    self
}
