//! The web UI of the store (`yusuan serve`): server-side HTML (minijinja, auto-escaped), ECharts
//! vendored and embedded, no request to anywhere but this server.
//!
//! Pages: `/` overview (organisations × years), `/v/{id}` a department-year (the disclosure with its
//! findings marked in place, the findings list, charts), `/findings` (filters), `/compare`, `/district`
//! (consolidation), `/upload` (audit a published document); JSON and downloads under `/api/`.
//!
//! Versions are immutable, so each version's page and document HTML are rendered once and kept in
//! memory; store calls run on the blocking pool over a few SQLite connections ([`Pool`]).

mod assets;
mod charts;
pub mod i18n;
mod pages;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use yusuan_store::{Store, StoreError};

pub use i18n::Lang;

mod examples {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

/// A file of a bundled example: name and contents.
pub type ExampleFile = (&'static str, &'static [u8]);
/// A bundled example directory: name and files.
pub type Example = (&'static str, &'static [ExampleFile]);

/// The bundled examples (every directory of `examples/` at build time): name and files.
pub fn bundled_examples() -> &'static [Example] {
    examples::EXAMPLES
}

/// Whether a file name is one of a published document (text, HTML, XLSX).
pub fn is_document(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "txt" | "html" | "htm" | "xlsx")
}

/// Largest upload accepted.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// A few SQLite connections to the store, each used by one blocking task at a time.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    pub fn new(path: &Path) -> Result<Pool, StoreError> {
        let first = Store::open(path)?;
        Ok(Pool { path: path.to_owned(), idle: Mutex::new(vec![first]) })
    }

    /// Runs `f` with a connection (an idle one, or a new one); blocking: call it from `spawn_blocking`.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> Result<T, StoreError> {
        let taken = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut store = match taken {
            Some(s) => s,
            None => Store::open(&self.path)?,
        };
        let out = f(&mut store);
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < 8 {
            idle.push(store);
        }
        Ok(out)
    }
}

/// A small map kept in memory; emptied when it grows past its bound (the entries are cheap to recompute).
pub(crate) struct Cache<K, V> {
    map: Mutex<HashMap<K, V>>,
    bound: usize,
}

impl<K: std::hash::Hash + Eq, V: Clone> Cache<K, V> {
    fn new(bound: usize) -> Self {
        Cache { map: Mutex::new(HashMap::new()), bound }
    }
    pub(crate) fn get(&self, k: &K) -> Option<V> {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).get(k).cloned()
    }
    pub(crate) fn put(&self, k: K, v: V) {
        let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() >= self.bound {
            m.clear();
        }
        m.insert(k, v);
    }
}

/// The server's state.
pub struct App {
    pub(crate) pool: Pool,
    pub(crate) lang: Lang,
    /// Bumped by every addition to the store: keys the caches of pages that list versions.
    pub(crate) generation: AtomicU64,
    /// Rendered pages of immutable things: (what, version or generation, lang) → HTML.
    pub(crate) pages: Cache<(&'static str, i64, u64, &'static str), axum::body::Bytes>,
    /// Aggregate queries: (generation, cut, drilldown) → aggregate.
    pub(crate) queries: Cache<(u64, String, String), Arc<yusuan_store::Aggregate>>,
    pub(crate) catalog: yusuan_model::Catalog,
    /// The temporary store of the bundled examples, removed when the server stops.
    _temp: Option<tempfile::TempDir>,
}

impl App {
    /// Serves the store at `db`.
    pub fn open(db: &Path, lang: Lang) -> Result<App, String> {
        let pool = Pool::new(db).map_err(|e| format!("{}: {e}", db.display()))?;
        Ok(App::with_pool(pool, lang, None))
    }

    /// A fresh store in a temporary directory, loaded with the bundled examples: every package directory
    /// (with a `budget.toml`) added as a package, every other directory's documents audited and stored.
    pub fn with_examples(lang: Lang) -> Result<App, String> {
        let temp = tempfile::Builder::new().prefix("yusuan-serve-").tempdir().map_err(|e| e.to_string())?;
        let db = temp.path().join("yusuan.db");
        let mut store = Store::open(&db).map_err(|e| e.to_string())?;
        for (name, files) in bundled_examples() {
            let dir = temp.path().join("examples").join(name);
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            for (file, bytes) in *files {
                std::fs::write(dir.join(file), bytes).map_err(|e| format!("{}: {e}", dir.join(file).display()))?;
            }
            if files.iter().any(|(f, _)| *f == "budget.toml") {
                store.add_package_dir(&dir).map_err(|e| format!("examples/{name}: {e}"))?;
            } else {
                // A folder of published documents: each audited and stored.
                for (file, _) in files.iter().filter(|(f, _)| is_document(f)) {
                    store.add_document_file(&dir.join(file)).map_err(|e| format!("examples/{name}/{file}: {e}"))?;
                }
            }
        }
        drop(store);
        let pool = Pool::new(&db).map_err(|e| e.to_string())?;
        Ok(App::with_pool(pool, lang, Some(temp)))
    }

    fn with_pool(pool: Pool, lang: Lang, temp: Option<tempfile::TempDir>) -> App {
        App {
            pool,
            lang,
            generation: AtomicU64::new(0),
            pages: Cache::new(512),
            queries: Cache::new(1024),
            catalog: yusuan_model::Catalog::embedded(),
            _temp: temp,
        }
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub(crate) fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// Runs `f` with a store connection on the blocking pool.
pub(crate) async fn db<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&mut Store) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.pool.with(f).map_err(AppError::store)?)
        .await
        .map_err(|e| AppError::internal(format!("task: {e}")))?
}

/// An error page: status and a message in both languages.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub zh: String,
    pub en: String,
}

impl AppError {
    pub fn new(status: StatusCode, zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError { status, zh: zh.into(), en: en.into() }
    }
    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::new(StatusCode::NOT_FOUND, zh, en)
    }
    pub fn bad_request(zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, zh, en)
    }
    pub fn internal(msg: impl Into<String>) -> AppError {
        let msg = msg.into();
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("服务器内部错误：{msg}"),
            format!("internal error: {msg}"),
        )
    }
    pub fn store(e: StoreError) -> AppError {
        AppError::internal(e.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::store(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        pages::error_page(&self).into_response()
    }
}

/// The router of every page, API and asset.
pub fn router(app: Arc<App>) -> axum::Router {
    pages::router(app)
}

/// What [`serve`] was asked.
pub struct ServeOptions {
    pub db: Option<PathBuf>,
    pub bind: SocketAddr,
    pub lang: Lang,
}

/// Opens the store (or the bundled examples), binds, calls `bound` with the real address, and serves until
/// Ctrl+C or SIGTERM. Blocking: builds its own runtime.
pub fn serve(opts: ServeOptions, bound: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let app = match &opts.db {
        Some(db) => App::open(db, opts.lang)?,
        None => App::with_examples(opts.lang)?,
    };
    let app = Arc::new(app);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.bind).await.map_err(|e| format!("{}: {e}", opts.bind))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        bound(addr);
        tokio::spawn(watch_store(app.clone()));
        axum::serve(listener, router(app)).with_graceful_shutdown(shutdown()).await.map_err(|e| e.to_string())
    })
}

/// Versions added or removed by another process (`yusuan store add` on the same file) empty the caches of
/// pages that list versions: the store's revision is read once a second.
async fn watch_store(app: Arc<App>) {
    let mut last = None;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tick.tick().await;
        let Ok(now) = db(&app, |s| Ok(s.revision()?)).await else { continue };
        if last.is_some_and(|l| l != now) {
            app.changed();
        }
        last = Some(now);
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
