//! `vanban serve`: the same pipeline on a local web page, for staff who never open a
//! terminal. One page (rendered on the server, its script and style built into the
//! binary: it works offline) and a small JSON API the page uses and scripts can call.
//! The server listens on 127.0.0.1 unless told otherwise; any other address needs the
//! token it prints. It never writes outside the period's submissions and output
//! folders, runs one period at a time, and a request that fails never stops it.

mod api;
mod page;
mod review;

use super::config::Settings;
use super::{AppError, Outcome};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::sync::Arc;

/// What every request shares.
pub(super) struct State {
    pub settings: Settings,
    /// One run at a time.
    pub running: tokio::sync::Mutex<()>,
    /// Required (as a cookie, or `?token=` once) when listening beyond this machine.
    pub token: Option<String>,
    /// Uploads saved by this server, numbered so two files never share a name.
    pub uploads: std::sync::atomic::AtomicU64,
    /// The address the server listens on: requests must name it, or this machine, in
    /// their `Host` (see [`api::host_allowed`]).
    pub addr: SocketAddr,
}

pub(super) type Shared = Arc<State>;

/// Starts the server and serves until Ctrl-C.
pub(super) fn serve(settings: Settings, addr: SocketAddr, open: bool) -> Result<Outcome, AppError> {
    super::swap::signals_handled_elsewhere();
    let token = (!addr.ip().is_loopback()).then(new_token);
    let max_body = settings.limits.max_file_bytes as usize + 1024 * 1024;
    let state = Arc::new(State {
        settings,
        running: tokio::sync::Mutex::new(()),
        token: token.clone(),
        uploads: std::sync::atomic::AtomicU64::new(0),
        addr,
    });
    let app = router(state, max_body);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::Input(format!("không khởi động được máy chủ: {e}")))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| AppError::Input(format!("không mở được địa chỉ {addr}: {e}")))?;
        let local = listener
            .local_addr()
            .map_err(|e| AppError::Input(e.to_string()))?;
        let url = match &token {
            Some(t) => format!("http://{local}/?token={t}"),
            None => format!("http://{local}/"),
        };
        println!("vanban đang chạy tại {url}");
        if token.is_some() {
            eprintln!(
                "CHÚ Ý: máy chủ nghe trên {local}, các máy khác trong mạng có thể truy cập. Chỉ ai có mã truy cập trong địa chỉ trên mới dùng được."
            );
        }
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if open {
            open_browser(&url);
        }
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| AppError::Input(e.to_string()))
    })?;
    Ok(Outcome::Clean)
}

fn router(state: Shared, max_body: usize) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/api/periods/{period}/submissions", post(api::upload))
        .route("/api/periods/{period}/status", get(api::status))
        .route("/api/periods/{period}/run", post(api::run))
        .route("/api/periods/{period}/files/{*path}", get(api::file))
        .route("/api/periods/{period}/zip", get(api::zip))
        .route(
            "/api/periods/{period}/review",
            get(review::list).post(review::save),
        )
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::guard,
        ))
        .with_state(state)
}

/// 32 hex characters from the system's random source.
fn new_token() -> String {
    let mut b = [0u8; 16];
    let _ = getrandom::fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", url])
    } else if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(cmd.0)
        .args(&cmd.1)
        .spawn()
        .is_err()
    {
        eprintln!("không mở được trình duyệt: hãy mở {url}");
    }
}
