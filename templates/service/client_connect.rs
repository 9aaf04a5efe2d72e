//! The client's `connect`, inside `impl {Service}Client<Channel>`.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
/// Connects to `dst` (a URI such as `http://127.0.0.1:10010`).
pub async fn connect<D>(
    dst: D,
) -> ::core::result::Result<Self, ::tonic::transport::Error>
where
    D: ::core::convert::TryInto<::tonic::transport::Endpoint>,
    D::Error: ::core::convert::Into<::tonic::codegen::StdError>,
{
    let channel = ::tonic::transport::Endpoint::new(dst)?.connect().await?;
    ::core::result::Result::Ok(Self::new(channel))
}
