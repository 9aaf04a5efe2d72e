//! Mixed good and bad gRPC traffic against a UserInfo server for a bounded time, through
//! the raw HTTP/2 client of the fault tests; prints calls answered, statuses by code and
//! anything unexpected. Run by scripts/soak.sh, which starts the server and watches its
//! memory.
//!
//! ```sh
//! cargo run --release --example soak_client -- --addr 127.0.0.1:PORT [--seconds 60] [--concurrency 16] [--no-adds]
//! ```
//!
//! `--no-adds` reads instead of adding users, so the server's store stays the same size and
//! any growth of its memory comes from the traffic itself.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use prost::Message;

#[path = "../tests/raw_grpc/mod.rs"]
mod raw_grpc;

#[allow(dead_code)]
mod generated {
    include!("generated/mod.rs");
}

use generated::user::{User, UserId};
use raw_grpc::{call, frame, message, Conn};

const ADD: &str = "/user.UserInfo/addUser";
const GET: &str = "/user.UserInfo/getUser";

/// What a scenario sends and the status it must get (`None`: the client cuts it off).
#[derive(Clone, Copy, Debug)]
enum Scenario {
    AddUser,
    GetKnown,
    GetUnknown,
    LongLengthPrefix,
    CompressedFlag,
    InvalidProtobuf,
    Oversized,
    CutHeader,
    ResetMidMessage,
    DisconnectMidMessage,
}

const MIX: &[Scenario] = &[
    Scenario::GetKnown,
    Scenario::GetKnown,
    Scenario::GetKnown,
    Scenario::GetUnknown,
    Scenario::GetKnown,
    Scenario::LongLengthPrefix,
    Scenario::GetKnown,
    Scenario::CompressedFlag,
    Scenario::GetKnown,
    Scenario::InvalidProtobuf,
    Scenario::GetKnown,
    Scenario::Oversized,
    Scenario::AddUser,
    Scenario::CutHeader,
    Scenario::GetKnown,
    Scenario::ResetMidMessage,
    Scenario::GetKnown,
    Scenario::DisconnectMidMessage,
];

fn code_name(code: i32) -> String {
    let name = match code {
        0 => "OK",
        1 => "CANCELLED",
        2 => "UNKNOWN",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        8 => "RESOURCE_EXHAUSTED",
        11 => "OUT_OF_RANGE",
        12 => "UNIMPLEMENTED",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        _ => return format!("code {code}"),
    };
    name.to_owned()
}

#[derive(Default)]
struct Tally {
    answered: u64,
    cut_off: u64,
    by_code: BTreeMap<String, u64>,
    unexpected: Vec<String>,
}

fn user(name: &str) -> Vec<u8> {
    User {
        id: String::new(),
        name: name.to_owned(),
        description: "soak".to_owned(),
    }
    .encode_to_vec()
}

/// Runs one scenario; `conn` is replaced when the scenario kills it.
async fn run(
    scenario: Scenario,
    addr: SocketAddr,
    conn: &mut Conn,
    known_id: &str,
) -> Result<Option<(i32, i32)>, String> {
    let u = user("soak");
    let (path, chunks, expect) = match scenario {
        Scenario::AddUser => (ADD, vec![message(&u)], 0),
        Scenario::GetKnown => (
            GET,
            vec![message(
                &UserId {
                    value: known_id.into(),
                }
                .encode_to_vec(),
            )],
            0,
        ),
        Scenario::GetUnknown => (
            GET,
            vec![message(
                &UserId {
                    value: "nobody".into(),
                }
                .encode_to_vec(),
            )],
            5,
        ),
        Scenario::LongLengthPrefix => (ADD, vec![frame(0, u.len() as u32 + 7, &u)], 13),
        Scenario::CompressedFlag => (ADD, vec![frame(1, u.len() as u32, &u)], 13),
        Scenario::InvalidProtobuf => (ADD, vec![message(&[0xff; 12])], 13),
        Scenario::Oversized => (ADD, vec![frame(0, 4 * 1024 * 1024 + 1, &[0; 512])], 11),
        Scenario::CutHeader => (ADD, vec![vec![0, 0]], 13),
        Scenario::ResetMidMessage | Scenario::DisconnectMidMessage => {
            let send = conn.send.clone();
            let mut send = send.ready().await.map_err(|e| format!("ready: {e}"))?;
            let (_response, mut stream) = send
                .send_request(raw_grpc::request(ADD), false)
                .map_err(|e| format!("send_request: {e}"))?;
            stream
                .send_data(Bytes::from(frame(0, 100, &u)), false)
                .map_err(|e| format!("send_data: {e}"))?;
            tokio::task::yield_now().await;
            if let Scenario::DisconnectMidMessage = scenario {
                let old = std::mem::replace(conn, Conn::open(addr).await?);
                old.kill();
            } else {
                stream.send_reset(h2::Reason::CANCEL);
            }
            return Ok(None);
        }
    };
    let end = !matches!(scenario, Scenario::Oversized);
    let answer = call(&conn.send, path, &chunks, end).await?;
    let code = answer
        .grpc_status
        .ok_or_else(|| format!("{scenario:?}: no grpc-status ({answer:?})"))?;
    Ok(Some((code, expect)))
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: soak_client --addr HOST:PORT [--seconds N] [--concurrency N]";
    let addr: SocketAddr = arg(&args, "--addr").ok_or(usage)?.parse()?;
    let seconds: u64 = arg(&args, "--seconds").map_or(Ok(60), |s| s.parse())?;
    let concurrency: usize = arg(&args, "--concurrency").map_or(Ok(16), |s| s.parse())?;
    let no_adds = args.iter().any(|a| a == "--no-adds");

    // One user to read back.
    let setup = Conn::open(addr).await?;
    let answer = call(&setup.send, ADD, &[message(&user("known"))], true).await?;
    let known_id = UserId::decode(answer.body.get(5..).ok_or("no UserId")?)?.value;

    let tally = Arc::new(Mutex::new(Tally::default()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for w in 0..concurrency {
        let tally = tally.clone();
        let known_id = known_id.clone();
        workers.push(tokio::spawn(async move {
            let mut conn = match Conn::open(addr).await {
                Ok(c) => c,
                Err(e) => {
                    tally.lock().unwrap().unexpected.push(e);
                    return;
                }
            };
            let mut i = w;
            while Instant::now() < deadline {
                let scenario = match MIX[i % MIX.len()] {
                    Scenario::AddUser if no_adds => Scenario::GetKnown,
                    s => s,
                };
                i += 1;
                let result = run(scenario, addr, &mut conn, &known_id).await;
                let broken = result.is_err();
                {
                    let mut t = tally.lock().unwrap();
                    match result {
                        Ok(Some((code, expect))) => {
                            t.answered += 1;
                            *t.by_code.entry(code_name(code)).or_default() += 1;
                            if code != expect && t.unexpected.len() < 20 {
                                t.unexpected.push(format!(
                                    "{scenario:?}: {} instead of {}",
                                    code_name(code),
                                    code_name(expect)
                                ));
                            }
                        }
                        Ok(None) => t.cut_off += 1,
                        Err(e) => {
                            if t.unexpected.len() < 20 {
                                t.unexpected.push(format!("{scenario:?}: {e}"));
                            }
                        }
                    }
                }
                if broken {
                    // A broken connection: start a new one.
                    match Conn::open(addr).await {
                        Ok(c) => conn = c,
                        Err(_) => return,
                    }
                }
            }
        }));
    }
    for w in workers {
        w.await?;
    }
    let t = tally.lock().unwrap();
    println!("calls answered: {} in {seconds} s", t.answered);
    println!(
        "streams and connections cut off by the client: {}",
        t.cut_off
    );
    for (code, n) in &t.by_code {
        println!("  {code:<20} {n}");
    }
    if t.unexpected.is_empty() {
        println!("unexpected: none");
        Ok(())
    } else {
        for u in &t.unexpected {
            println!("unexpected: {u}");
        }
        Err("unexpected answers".into())
    }
}
