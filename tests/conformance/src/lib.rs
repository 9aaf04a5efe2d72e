//! The suite's messages as protoc-gen-rustsvc generates them, and the testee's answer to one
//! request: binary input is decoded into the requested message type and, when binary output
//! is asked for, encoded again. JSON and text format are answered `skipped`.

include!(concat!(env!("OUT_DIR"), "/mod.rs"));

use conformance::conformance_request::Payload;
use conformance::conformance_response::Result as Answer;
use conformance::{ConformanceRequest, ConformanceResponse, WireFormat};
use prost::Message;
use protobuf_test_messages::{editions, proto2, proto3};

/// Decodes `bytes` as an `M` and encodes it again.
fn round_trip<M: Message + Default>(bytes: &[u8]) -> Answer {
    match M::decode(bytes) {
        Ok(message) => Answer::ProtobufPayload(message.encode_to_vec()),
        Err(error) => Answer::ParseError(error.to_string()),
    }
}

/// The binary round trip of the message type the suite names, if it is one the suite tests.
fn binary(message_type: &str, bytes: &[u8]) -> Option<Answer> {
    Some(match message_type {
        "protobuf_test_messages.proto3.TestAllTypesProto3" => {
            round_trip::<proto3::TestAllTypesProto3>(bytes)
        }
        "protobuf_test_messages.proto2.TestAllTypesProto2" => {
            round_trip::<proto2::TestAllTypesProto2>(bytes)
        }
        "protobuf_test_messages.editions.TestAllTypesEdition2023" => {
            round_trip::<editions::TestAllTypesEdition2023>(bytes)
        }
        "protobuf_test_messages.editions.proto3.TestAllTypesProto3" => {
            round_trip::<editions::proto3::TestAllTypesProto3>(bytes)
        }
        "protobuf_test_messages.editions.proto2.TestAllTypesProto2" => {
            round_trip::<editions::proto2::TestAllTypesProto2>(bytes)
        }
        _ => return None,
    })
}

/// The answer to one request.
pub fn answer(request: &ConformanceRequest) -> ConformanceResponse {
    let result = match &request.payload {
        Some(Payload::ProtobufPayload(bytes)) => match binary(&request.message_type, bytes) {
            None => Answer::RuntimeError(format!("unknown message type {}", request.message_type)),
            Some(Answer::ProtobufPayload(_))
                if request.requested_output_format() != WireFormat::Protobuf =>
            {
                Answer::Skipped(format!(
                    "{:?} output is not supported yet",
                    request.requested_output_format()
                ))
            }
            Some(answer) => answer,
        },
        Some(Payload::JsonPayload(_)) => Answer::Skipped("JSON input is not supported yet".into()),
        Some(Payload::TextPayload(_)) => {
            Answer::Skipped("text format input is not supported yet".into())
        }
        Some(Payload::JspbPayload(_)) => Answer::Skipped("JSPB is not supported".into()),
        None => Answer::RuntimeError("the request has no payload".into()),
    };
    ConformanceResponse {
        result: Some(result),
    }
}
