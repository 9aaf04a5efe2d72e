//! Server plumbing shared by every service of this file: one generic adapter per streaming
//! kind instead of one struct per method.

use ::std::future::Future;
use ::std::sync::Arc;

use ::tonic::codegen::{
    http, Body, BoxFuture, CompressionEncoding, EnabledCompressionEncodings, StdError,
};
use ::tonic::{Request, Response, Status, Streaming};

/// What a server was told about compression and message sizes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Config {
    accept: EnabledCompressionEncodings,
    send: EnabledCompressionEncodings,
    max_decoding: Option<usize>,
    max_encoding: Option<usize>,
}

impl Config {
    pub fn accept_compressed(mut self, encoding: CompressionEncoding) -> Self {
        self.accept.enable(encoding);
        self
    }

    pub fn send_compressed(mut self, encoding: CompressionEncoding) -> Self {
        self.send.enable(encoding);
        self
    }

    pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
        self.max_decoding = Some(limit);
        self
    }

    pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
        self.max_encoding = Some(limit);
        self
    }

    fn grpc<Res, Req>(&self) -> ::tonic::server::Grpc<::tonic_prost::ProstCodec<Res, Req>>
    where
        Res: ::prost::Message + Send + 'static,
        Req: ::prost::Message + Default + Send + 'static,
    {
        ::tonic::server::Grpc::new(::tonic_prost::ProstCodec::default())
            .apply_compression_config(self.accept, self.send)
            .apply_max_message_size_config(self.max_decoding, self.max_encoding)
    }
}

/// A service implementation and the function that calls one of its methods.
pub struct Handler<T, F> {
    inner: Arc<T>,
    call: F,
}

impl<T, Req, Res, F, Fut> ::tonic::server::UnaryService<Req> for Handler<T, F>
where
    F: Fn(Arc<T>, Request<Req>) -> Fut,
    Fut: Future<Output = Result<Response<Res>, Status>>,
{
    type Response = Res;
    type Future = Fut;

    fn call(&mut self, request: Request<Req>) -> Fut {
        (self.call)(self.inner.clone(), request)
    }
}

impl<T, Req, Res, S, F, Fut> ::tonic::server::ServerStreamingService<Req> for Handler<T, F>
where
    F: Fn(Arc<T>, Request<Req>) -> Fut,
    Fut: Future<Output = Result<Response<S>, Status>>,
    S: ::tonic::codegen::tokio_stream::Stream<Item = Result<Res, Status>>,
{
    type Response = Res;
    type ResponseStream = S;
    type Future = Fut;

    fn call(&mut self, request: Request<Req>) -> Fut {
        (self.call)(self.inner.clone(), request)
    }
}

impl<T, Req, Res, F, Fut> ::tonic::server::ClientStreamingService<Req> for Handler<T, F>
where
    F: Fn(Arc<T>, Request<Streaming<Req>>) -> Fut,
    Fut: Future<Output = Result<Response<Res>, Status>>,
{
    type Response = Res;
    type Future = Fut;

    fn call(&mut self, request: Request<Streaming<Req>>) -> Fut {
        (self.call)(self.inner.clone(), request)
    }
}

impl<T, Req, Res, S, F, Fut> ::tonic::server::StreamingService<Req> for Handler<T, F>
where
    F: Fn(Arc<T>, Request<Streaming<Req>>) -> Fut,
    Fut: Future<Output = Result<Response<S>, Status>>,
    S: ::tonic::codegen::tokio_stream::Stream<Item = Result<Res, Status>>,
{
    type Response = Res;
    type ResponseStream = S;
    type Future = Fut;

    fn call(&mut self, request: Request<Streaming<Req>>) -> Fut {
        (self.call)(self.inner.clone(), request)
    }
}

/// The response future of every server.
pub type RouteFuture = BoxFuture<http::Response<::tonic::body::Body>, ::std::convert::Infallible>;

/// Serves a unary method.
pub fn unary<T, B, Req, Res, F, Fut>(
    config: &Config,
    inner: &Arc<T>,
    request: http::Request<B>,
    call: F,
) -> RouteFuture
where
    T: Send + Sync + 'static,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
    Req: ::prost::Message + Default + Send + 'static,
    Res: ::prost::Message + Send + 'static,
    F: Fn(Arc<T>, Request<Req>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Response<Res>, Status>> + Send + 'static,
{
    let mut grpc = config.grpc::<Res, Req>();
    let handler = Handler {
        inner: inner.clone(),
        call,
    };
    Box::pin(async move { Ok(grpc.unary(handler, request).await) })
}

/// Serves a server streaming method.
pub fn server_streaming<T, B, Req, Res, S, F, Fut>(
    config: &Config,
    inner: &Arc<T>,
    request: http::Request<B>,
    call: F,
) -> RouteFuture
where
    T: Send + Sync + 'static,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
    Req: ::prost::Message + Default + Send + 'static,
    Res: ::prost::Message + Send + 'static,
    S: ::tonic::codegen::tokio_stream::Stream<Item = Result<Res, Status>> + Send + 'static,
    F: Fn(Arc<T>, Request<Req>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Response<S>, Status>> + Send + 'static,
{
    let mut grpc = config.grpc::<Res, Req>();
    let handler = Handler {
        inner: inner.clone(),
        call,
    };
    Box::pin(async move { Ok(grpc.server_streaming(handler, request).await) })
}

/// Serves a client streaming method.
pub fn client_streaming<T, B, Req, Res, F, Fut>(
    config: &Config,
    inner: &Arc<T>,
    request: http::Request<B>,
    call: F,
) -> RouteFuture
where
    T: Send + Sync + 'static,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
    Req: ::prost::Message + Default + Send + 'static,
    Res: ::prost::Message + Send + 'static,
    F: Fn(Arc<T>, Request<Streaming<Req>>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Response<Res>, Status>> + Send + 'static,
{
    let mut grpc = config.grpc::<Res, Req>();
    let handler = Handler {
        inner: inner.clone(),
        call,
    };
    Box::pin(async move { Ok(grpc.client_streaming(handler, request).await) })
}

/// Serves a bidirectional streaming method.
pub fn streaming<T, B, Req, Res, S, F, Fut>(
    config: &Config,
    inner: &Arc<T>,
    request: http::Request<B>,
    call: F,
) -> RouteFuture
where
    T: Send + Sync + 'static,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
    Req: ::prost::Message + Default + Send + 'static,
    Res: ::prost::Message + Send + 'static,
    S: ::tonic::codegen::tokio_stream::Stream<Item = Result<Res, Status>> + Send + 'static,
    F: Fn(Arc<T>, Request<Streaming<Req>>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Response<S>, Status>> + Send + 'static,
{
    let mut grpc = config.grpc::<Res, Req>();
    let handler = Handler {
        inner: inner.clone(),
        call,
    };
    Box::pin(async move { Ok(grpc.streaming(handler, request).await) })
}

/// The answer to a path no method of the service has: status Unimplemented.
pub fn unimplemented() -> RouteFuture {
    Box::pin(async move {
        let mut response = http::Response::new(::tonic::body::Body::default());
        let headers = response.headers_mut();
        headers.insert(
            Status::GRPC_STATUS,
            (::tonic::Code::Unimplemented as i32).into(),
        );
        headers.insert(
            http::header::CONTENT_TYPE,
            ::tonic::metadata::GRPC_CONTENT_TYPE,
        );
        Ok(response)
    })
}

/// The empty stream a default streaming method body names as its (never sent) stream type.
pub type NoStream<Res> = ::tonic::codegen::tokio_stream::Empty<Result<Res, Status>>;
