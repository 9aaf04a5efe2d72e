//! The UserInfo examples: their generated code is the plugin's current output for
//! proto/user.proto, and the server and client work together over loopback.

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

use std::process::Command;

/// Runs protoc with the plugin binary on proto/user.proto, as the README says.
fn regenerate() -> Vec<(String, String)> {
    let out = support::tempdir("examples");
    let root = support::manifest_dir();
    let status = Command::new(support::protoc())
        .arg(format!(
            "--plugin=protoc-gen-rustsvc={}",
            support::plugin_bin().display()
        ))
        .arg(format!("--rustsvc_out={}", out.display()))
        .arg("--rustsvc_opt=versions=false")
        .arg(format!("-I{}", root.join("proto").display()))
        .arg(root.join("proto/user.proto"))
        .output()
        .expect("run protoc");
    assert!(
        status.status.success(),
        "protoc failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    let _ = std::fs::remove_dir_all(&out);
    files
}

#[test]
fn generated_example_code_is_current() {
    let dir = support::manifest_dir().join("examples/generated");
    let fresh = regenerate();
    let names: Vec<&str> = fresh.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["mod.rs", "user.rs", "user_grpc.rs"]);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        for (name, content) in &fresh {
            std::fs::write(dir.join(name), content).unwrap();
        }
        return;
    }
    for (name, content) in &fresh {
        let checked_in = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            &checked_in == content,
            "examples/generated/{name} is stale; rerun with UPDATE_GOLDEN=1 and commit it:\n{}",
            support::diff(&checked_in, content)
        );
    }
}

#[tokio::test]
async fn the_client_adds_jack_and_gets_him_back() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(user_server::serve(listener));

    let jack = user_client::add_and_get(&addr).await.unwrap();
    assert_eq!(
        (
            jack.id.as_str(),
            jack.name.as_str(),
            jack.description.as_str()
        ),
        ("0", "jack", "strong")
    );
    let again = user_client::add_and_get(&addr).await.unwrap();
    assert_eq!(again.id, "1", "each add gets a new id");
}

#[tokio::test]
async fn an_unknown_id_is_not_found() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(user_server::serve(listener));
    let mut client = user_client::generated::user::user_info_client::UserInfoClient::connect(
        format!("http://{addr}"),
    )
    .await
    .unwrap();
    let status = client
        .get_user(user_client::generated::user::UserId { value: "42".into() })
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);
    assert_eq!(status.message(), "no user with id '42'");
}

#[test]
fn server_address_from_the_command_line() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        user_server::addr_from_args(&[]).unwrap().to_string(),
        "127.0.0.1:10010"
    );
    assert_eq!(
        user_server::addr_from_args(&args(&["--addr", "127.0.0.1:9000"]))
            .unwrap()
            .to_string(),
        "127.0.0.1:9000"
    );
    assert_eq!(
        user_server::addr_from_args(&args(&["--addr", "nope"])).unwrap_err(),
        "--addr 'nope' is not HOST:PORT (invalid socket address syntax); usage: user_server [--addr HOST:PORT]"
    );
    assert_eq!(
        user_server::addr_from_args(&args(&["--port", "1"])).unwrap_err(),
        "usage: user_server [--addr HOST:PORT]"
    );
}
