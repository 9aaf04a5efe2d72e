//! The testee protobuf's conformance_test_runner starts: it reads requests from stdin, each a
//! 4-byte little-endian length and an encoded `conformance.ConformanceRequest`, and writes one
//! `conformance.ConformanceResponse`, framed the same way, to stdout for each, until stdin ends.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use prost::Message;
use rustsvc_conformance_testee::{answer, conformance::ConformanceRequest};

/// The next request's bytes, or `None` at the end of stdin.
fn read_request(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 4];
    match input.read_exact(&mut length) {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        other => other?,
    }
    let mut bytes = vec![0u8; u32::from_le_bytes(length) as usize];
    input.read_exact(&mut bytes)?;
    Ok(Some(bytes))
}

fn serve() -> Result<(), String> {
    let mut input = io::stdin().lock();
    let mut output = io::stdout().lock();
    while let Some(bytes) = read_request(&mut input).map_err(|e| format!("reading: {e}"))? {
        let request = ConformanceRequest::decode(bytes.as_slice())
            .map_err(|e| format!("an undecodable ConformanceRequest: {e}"))?;
        let response = answer(&request).encode_to_vec();
        let length = u32::try_from(response.len()).map_err(|_| "a response over 4 GiB")?;
        output
            .write_all(&length.to_le_bytes())
            .and_then(|()| output.write_all(&response))
            .and_then(|()| output.flush())
            .map_err(|e| format!("writing: {e}"))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conformance testee: {e}");
            ExitCode::FAILURE
        }
    }
}
