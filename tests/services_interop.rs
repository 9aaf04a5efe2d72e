//! Interop with an implementation that is not tonic: Python's grpcio calls the example
//! server for both rpcs, and the example's Rust client calls a grpcio server.
//!
//! The peer is `python3` (or `$PYTHON`) with the packages of tests/interop/requirements.txt.
//! Without them the tests say so and pass on a developer's machine; in CI (`CI=true`) they
//! fail, so a missing install step cannot go unnoticed.

#![deny(warnings)]

// The shared helpers are not under test here (their lints belong to their owner).
#[allow(clippy::needless_update)]
mod support;

#[allow(dead_code)]
#[path = "../examples/user_server.rs"]
mod user_server;

#[allow(dead_code)]
#[path = "../examples/user_client.rs"]
mod user_client;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// Whether the Python peer can run; in CI a missing peer is a failure.
fn peer_available() -> bool {
    let ok = Command::new(python())
        .args(["-c", "import grpc, grpc_tools"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        let msg = format!(
            "the Python gRPC peer is missing: run `{} -m pip install -r tests/interop/requirements.txt`",
            python()
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}");
        }
        eprintln!("skipping interop test: {msg}");
    }
    ok
}

/// Python stubs for proto/user.proto made by grpcio-tools, in a fresh directory.
fn python_stubs() -> PathBuf {
    let out = support::tempdir("pystubs");
    let root = support::manifest_dir();
    let result = Command::new(python())
        .args(["-m", "grpc_tools.protoc"])
        .arg(format!("-I{}", root.join("proto").display()))
        .arg(format!("--python_out={}", out.display()))
        .arg(format!("--grpc_python_out={}", out.display()))
        .arg(root.join("proto/user.proto"))
        .output()
        .expect("run grpc_tools.protoc");
    assert!(
        result.status.success(),
        "grpc_tools.protoc failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

fn script(name: &str) -> PathBuf {
    support::manifest_dir().join("tests/interop").join(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpcio_client_calls_the_example_server() {
    if !peer_available() {
        return;
    }
    let stubs = python_stubs();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(user_server::serve(listener));

    // The Python client blocks; run it off the runtime's threads so the server keeps serving.
    let (py, client_script, dir) = (python(), script("user_client.py"), stubs.clone());
    let output = tokio::task::spawn_blocking(move || {
        Command::new(py)
            .arg(client_script)
            .arg(&addr)
            .env("PYTHONPATH", dir)
            .output()
            .expect("run user_client.py")
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(&stubs);
    assert!(
        output.status.success(),
        "user_client.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "added 0\ngot 0|jack|strong\nmissing: NOT_FOUND no user with id 'missing'\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn example_client_calls_a_grpcio_server() {
    if !peer_available() {
        return;
    }
    let stubs = python_stubs();
    let mut child = Command::new(python())
        .arg(script("user_server.py"))
        .env("PYTHONPATH", &stubs)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start user_server.py");
    let mut port = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let addr = format!("127.0.0.1:{}", port.trim());

    let jack = user_client::add_and_get(&addr).await;
    let mut client = user_client::generated::user::user_info_client::UserInfoClient::connect(
        format!("http://{addr}"),
    )
    .await
    .unwrap();
    let missing = client
        .get_user(user_client::generated::user::UserId {
            value: "missing".into(),
        })
        .await;

    drop(child.stdin.take()); // the server stops when its input closes
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&stubs);

    let jack = jack.unwrap();
    assert_eq!(
        (
            jack.id.as_str(),
            jack.name.as_str(),
            jack.description.as_str()
        ),
        ("0", "jack", "strong")
    );
    let status = missing.unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);
    assert_eq!(status.message(), "no user with id 'missing'");
}
