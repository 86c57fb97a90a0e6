// Minimal "physical limit" reference: axum 0.8 on tokio multi-thread,
// every route returns the same fixed ~2 KB JSON body.
use axum::{
    http::{header, StatusCode},
    response::IntoResponse,
    routing::any,
    Router,
};
use std::sync::OnceLock;

static BODY: OnceLock<String> = OnceLock::new();

fn body() -> &'static str {
    BODY.get_or_init(|| {
        // ~2 KB JSON shaped like an MX transactions page.
        let mut s = String::from("{\"transactions\":[");
        let mut i = 0;
        while s.len() < 1900 {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&format!(
                "{{\"guid\":\"TRN-{i:08}\",\"account_guid\":\"ACT-00000001\",\"amount\":{}.{:02},\"currency_code\":\"USD\",\"description\":\"Coffee shop\",\"type\":\"DEBIT\"}}",
                i * 7 % 100,
                i % 100
            ));
            i += 1;
        }
        s.push_str("],\"pagination\":{\"current_page\":1,\"per_page\":25,\"total_entries\":");
        s.push_str(&i.to_string());
        s.push_str(",\"total_pages\":1}}");
        s
    })
}

async fn handler() -> impl IntoResponse {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/vnd.mx.api.v1+json")],
        body(),
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(4020);
    let _ = body();
    eprintln!("limit server: body {} bytes, 127.0.0.1:{port}", body().len());
    let app = Router::new().fallback(any(handler));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
