//! `file_descriptor_set`: a server built with the embedded descriptor set and
//! tonic-reflection answers a reflection client listing the UserInfo service and resolving
//! its messages.

use prost::Message;
use tonic_reflection::pb::v1::{
    server_reflection_client::ServerReflectionClient, server_reflection_request::MessageRequest,
    server_reflection_response::MessageResponse, ServerReflectionRequest,
};

#[allow(dead_code)]
mod gen {
    include!("golden/opt_file_descriptor_set_user/expected/mod.rs");
}

use gen::user::user_info_server::{UserInfo, UserInfoServer};

struct Svc;
impl UserInfo for Svc {}

async fn ask(
    client: &mut ServerReflectionClient<tonic::transport::Channel>,
    request: MessageRequest,
) -> MessageResponse {
    let outbound = tokio_stream::iter(vec![ServerReflectionRequest {
        host: String::new(),
        message_request: Some(request),
    }]);
    let mut inbound = client
        .server_reflection_info(outbound)
        .await
        .expect("reflection call")
        .into_inner();
    inbound
        .message()
        .await
        .expect("a response")
        .expect("one message")
        .message_response
        .expect("a response body")
}

#[tokio::test]
async fn reflection_lists_the_service_and_resolves_its_messages() {
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(gen::user::FILE_DESCRIPTOR_SET)
        .build_v1()
        .expect("the embedded descriptor set is valid");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(reflection)
            .add_service(UserInfoServer::new(Svc))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = ServerReflectionClient::new(channel);

    let MessageResponse::ListServicesResponse(list) =
        ask(&mut client, MessageRequest::ListServices(String::new())).await
    else {
        panic!("expected a service list");
    };
    let names: Vec<&str> = list.service.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"user.UserInfo"), "{names:?}");

    for symbol in ["user.User", "user.UserInfo"] {
        let MessageResponse::FileDescriptorResponse(files) = ask(
            &mut client,
            MessageRequest::FileContainingSymbol(symbol.into()),
        )
        .await
        else {
            panic!("expected the file containing {symbol}");
        };
        let file =
            prost_types::FileDescriptorProto::decode(files.file_descriptor_proto[0].as_slice())
                .unwrap();
        assert_eq!(file.name(), "user.proto");
        let messages: Vec<&str> = file.message_type.iter().map(|m| m.name()).collect();
        assert_eq!(messages, ["User", "UserId", "UserList"]);
        assert_eq!(file.service[0].method[0].name(), "addUser");
    }
}
