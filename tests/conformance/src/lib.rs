//! The suite's messages as protoc-gen-rustsvc generates them (with `json=.`), and the
//! testee's answer to one request: the input (binary or JSON) is read into the requested
//! message type and written again in the requested output format (binary or JSON). Text
//! format is answered `skipped`.

include!(concat!(env!("OUT_DIR"), "/mod.rs"));

use std::sync::Arc;

use conformance::conformance_request::Payload;
use conformance::conformance_response::Result as Answer;
use conformance::{ConformanceRequest, ConformanceResponse, TestCategory, WireFormat};
use prost::Message;
use protobuf_test_messages::{editions, proto2, proto3};
use rustsvc_runtime::json::{self, TypeRegistry};

/// The input of a request.
enum Input<'a> {
    Binary(&'a [u8]),
    Json(&'a str),
}

/// What the message types the suite tests can do here.
trait Testee: Message + Default + serde::Serialize + serde::de::DeserializeOwned {}
impl<T: Message + Default + serde::Serialize + serde::de::DeserializeOwned> Testee for T {}

/// Reads `input` as an `M` and writes it in `output`.
fn round_trip<M: Testee>(
    input: Input<'_>,
    output: WireFormat,
    options: &json::Options,
    registry: &Arc<TypeRegistry>,
) -> Answer {
    let message = match input {
        Input::Binary(bytes) => match M::decode(bytes) {
            Ok(m) => m,
            Err(error) => return Answer::ParseError(error.to_string()),
        },
        Input::Json(text) => {
            match json::with_options(options, Some(registry), || serde_json::from_str::<M>(text)) {
                Ok(m) => m,
                Err(error) => return Answer::ParseError(error.to_string()),
            }
        }
    };
    match output {
        WireFormat::Protobuf => Answer::ProtobufPayload(message.encode_to_vec()),
        WireFormat::Json => {
            match json::with_options(options, Some(registry), || serde_json::to_string(&message)) {
                Ok(text) => Answer::JsonPayload(text),
                Err(error) => Answer::SerializeError(error.to_string()),
            }
        }
        other => Answer::Skipped(format!("{other:?} output is not supported")),
    }
}

/// The registry of every message type an `Any` in the suite may hold.
fn registry() -> Arc<TypeRegistry> {
    let mut registry = TypeRegistry::new();
    proto3::register_json_types(&mut registry);
    proto2::register_json_types(&mut registry);
    editions::register_json_types(&mut registry);
    editions::proto3::register_json_types(&mut registry);
    editions::proto2::register_json_types(&mut registry);
    Arc::new(registry)
}

/// The answer to one request.
pub fn answer(request: &ConformanceRequest) -> ConformanceResponse {
    thread_local! {
        static REGISTRY: Arc<TypeRegistry> = registry();
    }
    let input = match &request.payload {
        Some(Payload::ProtobufPayload(bytes)) => Input::Binary(bytes),
        Some(Payload::JsonPayload(text)) => Input::Json(text),
        Some(Payload::TextPayload(_)) => {
            return respond(Answer::Skipped(
                "text format input is not supported yet".into(),
            ))
        }
        Some(Payload::JspbPayload(_)) => {
            return respond(Answer::Skipped("JSPB is not supported".into()))
        }
        None => return respond(Answer::RuntimeError("the request has no payload".into())),
    };
    let output = request.requested_output_format();
    if !matches!(output, WireFormat::Protobuf | WireFormat::Json) {
        return respond(Answer::Skipped(format!(
            "{output:?} output is not supported yet"
        )));
    }
    let options = json::Options::new().ignore_unknown_fields(
        request.test_category() == TestCategory::JsonIgnoreUnknownParsingTest,
    );
    let result = REGISTRY.with(|registry| {
        let registry = registry.clone();
        Some(match request.message_type.as_str() {
            "protobuf_test_messages.proto3.TestAllTypesProto3" => {
                round_trip::<proto3::TestAllTypesProto3>(input, output, &options, &registry)
            }
            "protobuf_test_messages.proto2.TestAllTypesProto2" => {
                round_trip::<proto2::TestAllTypesProto2>(input, output, &options, &registry)
            }
            "protobuf_test_messages.editions.TestAllTypesEdition2023" => {
                round_trip::<editions::TestAllTypesEdition2023>(input, output, &options, &registry)
            }
            "protobuf_test_messages.editions.proto3.TestAllTypesProto3" => {
                round_trip::<editions::proto3::TestAllTypesProto3>(
                    input, output, &options, &registry,
                )
            }
            "protobuf_test_messages.editions.proto2.TestAllTypesProto2" => {
                round_trip::<editions::proto2::TestAllTypesProto2>(
                    input, output, &options, &registry,
                )
            }
            _ => return None,
        })
    });
    respond(result.unwrap_or_else(|| {
        Answer::RuntimeError(format!("unknown message type {}", request.message_type))
    }))
}

fn respond(result: Answer) -> ConformanceResponse {
    ConformanceResponse {
        result: Some(result),
    }
}
