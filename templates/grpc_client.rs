//! Client plumbing shared by every service of this file: one generic call per streaming
//! kind instead of one copy of the call sequence per method.

use ::tonic::codegen::{http, Body, Bytes, GrpcMethod, StdError};
use ::tonic::{Request, Response, Status, Streaming};

/// What a client's channel must be: tonic's `GrpcService` with errors it can report.
pub trait Channel:
    ::tonic::client::GrpcService<
    ::tonic::body::Body,
    Error: Into<StdError>,
    ResponseBody: Body<Data = Bytes, Error: Into<StdError> + Send> + Send + 'static,
>
{
}

impl<T> Channel for T where
    T: ::tonic::client::GrpcService<
        ::tonic::body::Body,
        Error: Into<StdError>,
        ResponseBody: Body<Data = Bytes, Error: Into<StdError> + Send> + Send + 'static,
    >
{
}

/// Waits for the channel and marks the request with its method, taken from the full path
/// (`/package.Service/Method`).
async fn prepare<T: Channel, M>(
    grpc: &mut ::tonic::client::Grpc<T>,
    request: &mut Request<M>,
    path: &'static str,
) -> Result<http::uri::PathAndQuery, Status> {
    grpc.ready()
        .await
        .map_err(|e| Status::unknown(format!("Service was not ready: {}", e.into())))?;
    let (service, method) = path
        .strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .unwrap_or(("", path));
    request
        .extensions_mut()
        .insert(GrpcMethod::new(service, method));
    Ok(http::uri::PathAndQuery::from_static(path))
}

/// Calls a unary method.
pub async fn unary<T, Req, Res>(
    grpc: &mut ::tonic::client::Grpc<T>,
    mut request: Request<Req>,
    path: &'static str,
) -> Result<Response<Res>, Status>
where
    T: Channel,
    Req: ::prost::Message + Send + 'static,
    Res: ::prost::Message + Default + Send + 'static,
{
    let path = prepare(grpc, &mut request, path).await?;
    grpc.unary(request, path, ::tonic_prost::ProstCodec::default())
        .await
}

/// Calls a server streaming method.
pub async fn server_streaming<T, Req, Res>(
    grpc: &mut ::tonic::client::Grpc<T>,
    mut request: Request<Req>,
    path: &'static str,
) -> Result<Response<Streaming<Res>>, Status>
where
    T: Channel,
    Req: ::prost::Message + Send + 'static,
    Res: ::prost::Message + Default + Send + 'static,
{
    let path = prepare(grpc, &mut request, path).await?;
    grpc.server_streaming(request, path, ::tonic_prost::ProstCodec::default())
        .await
}

/// Calls a client streaming method.
pub async fn client_streaming<T, S, Req, Res>(
    grpc: &mut ::tonic::client::Grpc<T>,
    mut request: Request<S>,
    path: &'static str,
) -> Result<Response<Res>, Status>
where
    T: Channel,
    S: ::tonic::codegen::tokio_stream::Stream<Item = Req> + Send + 'static,
    Req: ::prost::Message + Send + 'static,
    Res: ::prost::Message + Default + Send + 'static,
{
    let path = prepare(grpc, &mut request, path).await?;
    grpc.client_streaming(request, path, ::tonic_prost::ProstCodec::default())
        .await
}

/// Calls a bidirectional streaming method.
pub async fn streaming<T, S, Req, Res>(
    grpc: &mut ::tonic::client::Grpc<T>,
    mut request: Request<S>,
    path: &'static str,
) -> Result<Response<Streaming<Res>>, Status>
where
    T: Channel,
    S: ::tonic::codegen::tokio_stream::Stream<Item = Req> + Send + 'static,
    Req: ::prost::Message + Send + 'static,
    Res: ::prost::Message + Default + Send + 'static,
{
    let path = prepare(grpc, &mut request, path).await?;
    grpc.streaming(request, path, ::tonic_prost::ProstCodec::default())
        .await
}
