//! The static folder (`--static`): the widget's page and its assets, served at the root.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};

use crate::App;

/// A file of the static folder, `index.html` for a folder; never outside it (symbolic
/// links included), never a dotfile; anything refused is HTTP 404.
pub(crate) async fn serve(
    app: &App,
    method: &axum::http::Method,
    path: &str,
) -> axum::response::Response<Body> {
    let not_found = || {
        let mut response = axum::response::Response::new(Body::from("not found\n"));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response
    };
    let Some(root) = &app.config.static_dir else {
        return not_found();
    };
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        return not_found();
    }
    let mut file = root.clone();
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        // One plain name: not `..`, `.`, a root or a drive (`C:`), nor several names; and
        // no dotfile (`.git`, `.env`).
        let mut parts = std::path::Path::new(segment).components();
        let plain =
            matches!(parts.next(), Some(std::path::Component::Normal(_))) && parts.next().is_none();
        if !plain || segment.contains('\\') || segment.starts_with('.') {
            return not_found();
        }
        file.push(segment);
    }
    if tokio::fs::metadata(&file)
        .await
        .is_ok_and(|metadata| metadata.is_dir())
    {
        file.push("index.html");
    }
    // Never outside the root, symbolic links included: the file's real path is under the
    // root's real path.
    let (Ok(real_root), Ok(real_file)) = (
        tokio::fs::canonicalize(root).await,
        tokio::fs::canonicalize(&file).await,
    ) else {
        return not_found();
    };
    if !real_file.starts_with(&real_root) {
        return not_found();
    }
    let Ok(bytes) = tokio::fs::read(&real_file).await else {
        return not_found();
    };
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut response = axum::response::Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
