//! The plumbing shared by the services of one `_grpc.rs` file, written as it is generated
//! for the default settings (prettyplease's layout; a unit test checks it): the service
//! descriptor types, then `server` (one generic adapter per streaming kind instead of one
//! struct per method, the route future, compression and size settings) and `client` (the
//! call sequence of each streaming kind). A file gets the adapters and calls of the kinds
//! its methods use only; without `server` or `client`, with other runtime paths or without
//! a kind, it is parsed, trimmed, rewritten as tokens and laid out again (so what a kind
//! alone uses is imported by nothing else or allowed to go unused).
/// Plumbing shared by the services of this file; not part of the API.
#[doc(hidden)]
pub mod __rustsvc {
    #![allow(dead_code, unused_imports)]
    /// How a method streams.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum StreamingKind {
        /// One request, one response.
        Unary,
        /// One request, a stream of responses.
        ServerStreaming,
        /// A stream of requests, one response.
        ClientStreaming,
        /// Streams both ways.
        Bidi,
    }
    /// One rpc of a service.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct MethodDescriptor {
        /// The method name as written in the .proto.
        pub name: &'static str,
        /// The full path on the wire: `/package.Service/Method`.
        pub path: &'static str,
        /// How it streams.
        pub kind: StreamingKind,
    }
    /// A service: its full name, its methods and the .proto file declaring it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ServiceDescriptor {
        /// `package.Service`
        pub name: &'static str,
        /// The methods in declaration order.
        pub methods: &'static [MethodDescriptor],
        /// The .proto file that declares the service.
        pub file: &'static str,
    }
    pub mod server {
        use ::std::future::Future;
        use ::std::sync::Arc;
        use ::tonic::codegen::{
            http, Body, BoxFuture, CompressionEncoding, EnabledCompressionEncodings,
            StdError,
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
            fn grpc<Res, Req>(
                &self,
            ) -> ::tonic::server::Grpc<::tonic_prost::ProstCodec<Res, Req>>
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
        impl<T, Req, Res, S, F, Fut> ::tonic::server::ServerStreamingService<Req>
        for Handler<T, F>
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
        impl<T, Req, Res, F, Fut> ::tonic::server::ClientStreamingService<Req>
        for Handler<T, F>
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
        impl<T, Req, Res, S, F, Fut> ::tonic::server::StreamingService<Req>
        for Handler<T, F>
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
        pub type RouteFuture = BoxFuture<
            http::Response<::tonic::body::Body>,
            ::std::convert::Infallible,
        >;
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
            S: ::tonic::codegen::tokio_stream::Stream<Item = Result<Res, Status>> + Send
                + 'static,
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
            S: ::tonic::codegen::tokio_stream::Stream<Item = Result<Res, Status>> + Send
                + 'static,
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
                headers
                    .insert(
                        Status::GRPC_STATUS,
                        (::tonic::Code::Unimplemented as i32).into(),
                    );
                headers
                    .insert(
                        http::header::CONTENT_TYPE,
                        ::tonic::metadata::GRPC_CONTENT_TYPE,
                    );
                Ok(response)
            })
        }
        /// The empty stream a default streaming method body names as its (never sent) stream type.
        pub type NoStream<Res> = ::tonic::codegen::tokio_stream::Empty<
            Result<Res, Status>,
        >;
    }
    pub mod client {
        use ::tonic::codegen::{http, Body, Bytes, GrpcMethod, StdError};
        use ::tonic::{Request, Response, Status, Streaming};
        /// What a client's channel must be: tonic's `GrpcService` with errors it can report.
        pub trait Channel: ::tonic::client::GrpcService<
                ::tonic::body::Body,
                Error: Into<StdError>,
                ResponseBody: Body<Data = Bytes, Error: Into<StdError> + Send> + Send
                    + 'static,
            > {}
        impl<T> Channel for T
        where
            T: ::tonic::client::GrpcService<
                ::tonic::body::Body,
                Error: Into<StdError>,
                ResponseBody: Body<Data = Bytes, Error: Into<StdError> + Send> + Send
                    + 'static,
            >,
        {}
        /// Waits for the channel and marks the request with its method, taken from the full path
        /// (`/package.Service/Method`).
        async fn prepare<T: Channel, M>(
            grpc: &mut ::tonic::client::Grpc<T>,
            request: &mut Request<M>,
            path: &'static str,
        ) -> Result<http::uri::PathAndQuery, Status> {
            grpc.ready()
                .await
                .map_err(|e| Status::unknown(
                    format!("Service was not ready: {}", e.into()),
                ))?;
            let (service, method) = path
                .strip_prefix('/')
                .and_then(|p| p.split_once('/'))
                .unwrap_or(("", path));
            request.extensions_mut().insert(GrpcMethod::new(service, method));
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
            grpc.unary(request, path, ::tonic_prost::ProstCodec::default()).await
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
            grpc.streaming(request, path, ::tonic_prost::ProstCodec::default()).await
        }
    }
}
