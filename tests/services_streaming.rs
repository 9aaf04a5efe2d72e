//! The generated service code for all four kinds of rpc, served and called over loopback:
//! results, status codes and messages, metadata both ways, deadlines, cancellation, size
//! limits, interceptors, unimplemented defaults and unknown methods.

#![deny(warnings)]

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, Notify};
use tokio_stream::wrappers::{ReceiverStream, TcpListenerStream};
use tokio_stream::{Stream, StreamExt};
use tonic::transport::server::Router;
use tonic::transport::Server;
use tonic::{Code, Request, Response, Status, Streaming};

#[allow(dead_code)]
mod gen {
    include!("golden/streaming/expected/mod.rs");
}

use gen::streaming::streamer_client::StreamerClient;
use gen::streaming::streamer_server::{Streamer, StreamerServer};
use gen::streaming::{Item, Summary};

/// A service that implements four of the six rpcs and leaves `Later` and `LaterStream` to
/// the generated defaults.
#[derive(Default)]
struct Impl {
    /// Told when a server stream sees its client go away.
    cancelled: Arc<Notify>,
}

fn item(text: &str) -> Item {
    Item {
        text: text.to_owned(),
        ..Default::default()
    }
}

impl Streamer for Impl {
    async fn echo(&self, request: Request<Item>) -> Result<Response<Item>, Status> {
        let from_client = request
            .metadata()
            .get("x-client")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let item = request.into_inner();
        match item.text.as_str() {
            "invalid" => Err(Status::invalid_argument("text must not be 'invalid'")),
            "hang" => std::future::pending().await,
            _ => {
                let mut response = Response::new(item);
                response
                    .metadata_mut()
                    .insert("x-server", format!("seen {from_client}").parse().unwrap());
                Ok(response)
            }
        }
    }

    // A concrete stream type: allowed, and rustc asks the implementation to say it means to
    // expose the type.
    #[allow(refining_impl_trait)]
    async fn repeat(
        &self,
        request: Request<Item>,
    ) -> Result<Response<ReceiverStream<Result<Item, Status>>>, Status> {
        let item = request.into_inner();
        if item.count < 0 {
            return Err(Status::out_of_range("count must not be negative"));
        }
        let (tx, rx) = mpsc::channel(1);
        let cancelled = self.cancelled.clone();
        tokio::spawn(async move {
            // count == 0 streams until the client goes away.
            let mut sent = 0;
            while item.count == 0 || sent < item.count {
                let next = Item {
                    count: sent,
                    ..item.clone()
                };
                if tx.send(Ok(next)).await.is_err() {
                    cancelled.notify_one();
                    return;
                }
                sent += 1;
            }
            let _ = tx
                .send(Err(Status::aborted("stream ended by the server")))
                .await;
        });
        Ok(Response::new(ReceiverStream::new(rx)))
    }

    async fn collect(
        &self,
        request: Request<Streaming<Item>>,
    ) -> Result<Response<Summary>, Status> {
        let mut stream = request.into_inner();
        let mut texts = Vec::new();
        while let Some(item) = stream.message().await? {
            texts.push(item.text);
        }
        Ok(Response::new(Summary {
            items: texts.len() as i32,
            joined: texts.join(","),
        }))
    }

    // An `impl Stream` the implementation never names.
    async fn chat(
        &self,
        request: Request<Streaming<Item>>,
    ) -> Result<Response<impl Stream<Item = Result<Item, Status>> + Send + use<>>, Status> {
        let stream = request.into_inner();
        Ok(Response::new(stream.map(|item| {
            let item = item?;
            Ok(Item {
                text: item.text.to_uppercase(),
                ..item
            })
        })))
    }
}

/// Serves `router` on 127.0.0.1, port chosen by the OS; returns its address.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(router.serve_with_incoming(TcpListenerStream::new(listener)));
    format!("http://{addr}")
}

async fn client_for(server: StreamerServer<Impl>) -> StreamerClient<tonic::transport::Channel> {
    StreamerClient::connect(serve(Server::builder().add_service(server)).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn unary_result_and_metadata_both_ways() {
    let mut client = client_for(StreamerServer::new(Impl::default())).await;
    let mut request = Request::new(item("hello"));
    request
        .metadata_mut()
        .insert("x-client", "alice".parse().unwrap());
    let response = client.echo(request).await.unwrap();
    assert_eq!(response.metadata().get("x-server").unwrap(), "seen alice");
    assert_eq!(response.into_inner().text, "hello");
}

#[tokio::test]
async fn unary_status_code_and_message() {
    let mut client = client_for(StreamerServer::new(Impl::default())).await;
    let status = client.echo(item("invalid")).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "text must not be 'invalid'");
}

#[tokio::test]
async fn server_streaming_items_then_status() {
    let mut client = client_for(StreamerServer::new(Impl::default())).await;
    let mut stream = client
        .repeat(Item {
            text: "x".into(),
            count: 3,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut counts = Vec::new();
    let status = loop {
        match stream.message().await {
            Ok(Some(item)) => counts.push(item.count),
            Ok(None) => panic!("the stream ended without the server's status"),
            Err(status) => break status,
        }
    };
    assert_eq!(counts, [0, 1, 2]);
    assert_eq!(status.code(), Code::Aborted);
    assert_eq!(status.message(), "stream ended by the server");

    let status = client
        .repeat(Item {
            count: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::OutOfRange);
    assert_eq!(status.message(), "count must not be negative");
}

#[tokio::test]
async fn client_streaming_collects() {
    let mut client = client_for(StreamerServer::new(Impl::default())).await;
    let items = tokio_stream::iter(vec![item("a"), item("b"), item("c")]);
    let summary = client.collect(items).await.unwrap().into_inner();
    assert_eq!(summary.items, 3);
    assert_eq!(summary.joined, "a,b,c");
}

#[tokio::test]
async fn bidi_answers_each_item_as_it_comes() {
    let mut client = client_for(StreamerServer::new(Impl::default())).await;
    let (tx, rx) = mpsc::channel(1);
    let mut answers = client
        .chat(ReceiverStream::new(rx))
        .await
        .unwrap()
        .into_inner();
    for word in ["one", "two"] {
        tx.send(item(word)).await.unwrap();
        let answer = answers.message().await.unwrap().unwrap();
        assert_eq!(answer.text, word.to_uppercase());
    }
    drop(tx);
    assert!(answers.message().await.unwrap().is_none());
}

#[tokio::test]
async fn deadline_expires() {
    let mut client = client_for(StreamerServer::new(Impl::default())).await;
    let mut request = Request::new(item("hang"));
    request.set_timeout(Duration::from_millis(100));
    let status = client.echo(request).await.unwrap_err();
    // tonic's server enforces the grpc-timeout header the client sent.
    assert_eq!(status.code(), Code::Cancelled, "{status:?}");
    assert_eq!(status.message(), "Timeout expired");
}

#[tokio::test]
async fn client_cancels_mid_stream() {
    let service = Impl::default();
    let cancelled = service.cancelled.clone();
    let mut client = client_for(StreamerServer::new(service)).await;
    let mut stream = client.repeat(item("endless")).await.unwrap().into_inner();
    assert_eq!(stream.message().await.unwrap().unwrap().count, 0);
    assert_eq!(stream.message().await.unwrap().unwrap().count, 1);
    drop(stream);
    // The server's producer sees the stream gone and says so; the test hangs (and the
    // harness reports it) if it never does.
    cancelled.notified().await;
}

#[tokio::test]
async fn message_over_the_size_limit() {
    let big = Item {
        payload: vec![7; 4096],
        ..Default::default()
    };
    // The server refuses a request over its decoding limit.
    let mut client =
        client_for(StreamerServer::new(Impl::default()).max_decoding_message_size(1024)).await;
    let status = client.echo(big.clone()).await.unwrap_err();
    assert_eq!(status.code(), Code::OutOfRange, "{status:?}");
    // The client refuses a response over its decoding limit.
    let mut client = client_for(StreamerServer::new(Impl::default()))
        .await
        .max_decoding_message_size(1024);
    let status = client.echo(big.clone()).await.unwrap_err();
    assert_eq!(status.code(), Code::OutOfRange, "{status:?}");
    // Under the limits it goes through.
    let mut client =
        client_for(StreamerServer::new(Impl::default()).max_decoding_message_size(8192)).await;
    assert_eq!(
        client.echo(big).await.unwrap().into_inner().payload.len(),
        4096
    );
}

#[tokio::test]
async fn unimplemented_defaults_name_the_method() {
    let mut client = client_for(StreamerServer::new(Impl::default())).await;
    let status = client.later(item("x")).await.unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
    assert_eq!(
        status.message(),
        "method Later of service streaming.Streamer is not implemented"
    );
    let status = client
        .later_stream(tokio_stream::iter(vec![item("x")]))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
    assert_eq!(
        status.message(),
        "method LaterStream of service streaming.Streamer is not implemented"
    );
}

#[tokio::test]
async fn unknown_method_is_unimplemented() {
    let addr = serve(Server::builder().add_service(StreamerServer::new(Impl::default()))).await;
    let channel = tonic::transport::Endpoint::new(addr)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    let status = grpc
        .unary::<Item, Item, _>(
            Request::new(item("x")),
            tonic::codegen::http::uri::PathAndQuery::from_static("/streaming.Streamer/Nope"),
            tonic_prost::ProstCodec::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
}

#[tokio::test]
async fn interceptors_on_both_sides() {
    fn check(request: Request<()>) -> Result<Request<()>, Status> {
        match request.metadata().get("authorization") {
            Some(t) if t == "Bearer secret" => Ok(request),
            _ => Err(Status::unauthenticated("no valid token")),
        }
    }
    let addr = serve(
        Server::builder().add_service(StreamerServer::with_interceptor(Impl::default(), check)),
    )
    .await;
    let channel = tonic::transport::Endpoint::new(addr)
        .unwrap()
        .connect()
        .await
        .unwrap();

    let mut anonymous = StreamerClient::new(channel.clone());
    let status = anonymous.echo(item("x")).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    assert_eq!(status.message(), "no valid token");

    let mut client = StreamerClient::with_interceptor(channel, |mut r: Request<()>| {
        r.metadata_mut()
            .insert("authorization", "Bearer secret".parse().unwrap());
        Ok(r)
    });
    assert_eq!(client.echo(item("x")).await.unwrap().into_inner().text, "x");
}
