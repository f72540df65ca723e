//! `yusuan serve --db` on a store that another process adds to: within a few seconds the server's
//! cached pages and queries show the new version (the server watches the store's revision).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A plain HTTP/1.1 GET on loopback; the body.
fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()
}

fn total(addr: &str) -> String {
    let body = get(addr, "/api/query?drilldown=");
    // Chunked or not, the JSON holds `"total_fen":N`.
    body.split("\"total_fen\":")
        .nth(1)
        .map(|r| r.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default()
}

#[test]
fn another_process_adding_to_the_store_shows_in_the_server() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store.db");
    let db_arg = db.display().to_string();
    let yusuan = env!("CARGO_BIN_EXE_yusuan");
    let add = |p: &str| {
        let out = Command::new(yusuan).args(["store", "--db", &db_arg, "add", p]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    add(&repo().join("examples/jianghan-2022-zhengfuban").display().to_string());
    let mut child = Command::new(yusuan)
        .args(["serve", "--db", &db_arg, "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _server = Server(child);
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("the URL line").to_owned();
    let before = total(&addr);
    assert!(!before.is_empty(), "a total");
    add(&repo().join("examples/synthetic-bureau-2022").display().to_string());
    let start = Instant::now();
    let mut after = total(&addr);
    while after == before && start.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(200));
        after = total(&addr);
    }
    assert_ne!(after, before, "the cached aggregate follows the store");
    let a: i64 = after.parse().unwrap();
    let b: i64 = before.parse().unwrap();
    assert_eq!(a, 2 * b, "the synthetic bureau spends what the example spends");
}
