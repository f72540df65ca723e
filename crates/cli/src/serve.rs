//! `yusuan serve`: the web UI of the store.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

pub fn run(db: Option<PathBuf>, bind: SocketAddr, lang: yusuan_check::Lang) -> Result<(), String> {
    if !bind.ip().is_loopback() {
        eprintln!(
            "警告：服务绑定在 {bind}，本机以外的人也能访问（没有登录与权限控制） — warning: listening on {bind}, reachable from other machines (no authentication)"
        );
    }
    if db.is_none() {
        eprintln!("未指定 --db：使用临时数据库并载入内置示例 (no --db: a temporary store with the bundled examples)");
    }
    yusuan_serve::serve(yusuan_serve::ServeOptions { db, bind, lang }, |addr| {
        let host = if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "yusuan 已启动：http://{host}:{}/ (Ctrl+C 退出)", addr.port());
        let _ = out.flush();
    })?;
    eprintln!("yusuan 已停止 (stopped)");
    Ok(())
}
