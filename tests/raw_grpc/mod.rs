//! A raw gRPC client on HTTP/2 (the `h2` crate), to send what a real client never would:
//! bad length prefixes, truncated frames, a compressed flag without a codec, invalid
//! protobuf, oversized messages, streams cut off mid-message. Used by tests/server_faults.rs
//! and by the soak client (examples/soak_client.rs).

#![allow(dead_code)]

use std::net::SocketAddr;

use bytes::Bytes;
use h2::client::SendRequest;

/// One HTTP/2 connection; its driver task ends when the connection does.
pub struct Conn {
    pub send: SendRequest<Bytes>,
    driver: tokio::task::JoinHandle<()>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Result<Conn, String> {
        let tcp = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        let (send, connection) = h2::client::handshake(tcp)
            .await
            .map_err(|e| format!("HTTP/2 handshake: {e}"))?;
        let driver = tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Conn { send, driver })
    }

    /// Drops the TCP connection at once, whatever is in flight (no GOAWAY).
    pub fn kill(self) {
        self.driver.abort();
    }
}

/// A gRPC length-prefixed message: flag byte, big-endian length, then `payload` (the
/// declared length need not match it).
pub fn frame(flag: u8, declared_len: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(5 + payload.len());
    out.push(flag);
    out.extend_from_slice(&declared_len.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// A well-formed uncompressed message.
pub fn message(payload: &[u8]) -> Vec<u8> {
    frame(0, payload.len() as u32, payload)
}

/// What came back for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub http_status: u16,
    /// `grpc-status` from the trailers (or from the headers of a trailers-only answer).
    pub grpc_status: Option<i32>,
    pub grpc_message: String,
    /// The response body: length-prefixed messages.
    pub body: Vec<u8>,
}

/// The request headers of a gRPC call to `path` (`/package.Service/Method`).
pub fn request(path: &str) -> http::Request<()> {
    http::Request::builder()
        .method("POST")
        .uri(format!("http://127.0.0.1{path}"))
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(())
        .expect("a valid request")
}

/// Sends `chunks` as DATA frames on a new stream (ending it when `end`), then reads the
/// whole answer.
pub async fn call(
    send: &SendRequest<Bytes>,
    path: &str,
    chunks: &[Vec<u8>],
    end: bool,
) -> Result<Answer, String> {
    let send = send.clone();
    let mut send = send.ready().await.map_err(|e| format!("ready: {e}"))?;
    let (response, mut stream) = send
        .send_request(request(path), chunks.is_empty() && end)
        .map_err(|e| format!("send_request: {e}"))?;
    for (i, chunk) in chunks.iter().enumerate() {
        let last = end && i + 1 == chunks.len();
        stream.reserve_capacity(chunk.len());
        stream
            .send_data(Bytes::copy_from_slice(chunk), last)
            .map_err(|e| format!("send_data: {e}"))?;
    }
    read_answer(response).await
}

/// Reads headers, body and trailers of a response.
pub async fn read_answer(response: h2::client::ResponseFuture) -> Result<Answer, String> {
    let response = response.await.map_err(|e| format!("response: {e}"))?;
    let http_status = response.status().as_u16();
    let headers = response.headers().clone();
    let mut body = response.into_body();
    let mut data = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.map_err(|e| format!("body: {e}"))?;
        let _ = body.flow_control().release_capacity(chunk.len());
        data.extend_from_slice(&chunk);
    }
    let trailers = body
        .trailers()
        .await
        .map_err(|e| format!("trailers: {e}"))?;
    let status_from = |map: &http::HeaderMap| {
        map.get("grpc-status")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<i32>().ok())
    };
    let message_from = |map: &http::HeaderMap| {
        map.get("grpc-message")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (grpc_status, grpc_message) = match &trailers {
        Some(t) if status_from(t).is_some() => (status_from(t), message_from(t)),
        _ => (status_from(&headers), message_from(&headers)),
    };
    Ok(Answer {
        http_status,
        grpc_status,
        grpc_message: grpc_message.unwrap_or_default(),
        body: data,
    })
}
