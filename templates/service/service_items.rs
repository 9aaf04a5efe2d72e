//! The server's tower `Service` impl: the items before `call`.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
type Response = ::tonic::codegen::http::Response<::tonic::body::Body>;
type Error = ::core::convert::Infallible;
type Future = super::__rustsvc::server::RouteFuture;
fn poll_ready(
    &mut self,
    _cx: &mut ::core::task::Context<'_>,
) -> ::core::task::Poll<::core::result::Result<(), Self::Error>> {
    ::core::task::Poll::Ready(::core::result::Result::Ok(()))
}
