//! The shape of the static service descriptors in this file: the counterpart of grpc-go's
//! `ServiceDesc`.

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
