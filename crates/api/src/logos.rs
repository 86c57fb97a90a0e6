//! Institution logos, generated as SVG so nothing is hot-linked: the brand colour with
//! the institution's initials.

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub const SIZES: [u32; 2] = [50, 100];

pub fn logo_url(public_url: &str, code: &str, size: u32) -> String {
    format!("{public_url}/logos/{code}_{size}x{size}.svg")
}

pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let parsed = file.strip_suffix(".svg").and_then(|stem| {
        SIZES.iter().find_map(|&size| {
            stem.strip_suffix(&format!("_{size}x{size}"))
                .map(|code| (code, size))
        })
    });
    let Some((code, size)) = parsed else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(institution) = state.engine.catalogue().get(code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let svg = render(&institution.name, &institution.brand_color, size);
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}

/// A merchant's logo: `/logos/merchants/MCH-….svg`.
pub fn merchant_logo_url(public_url: &str, guid: &str) -> String {
    format!("{public_url}/logos/merchants/{guid}.svg")
}

pub async fn serve_merchant(Path(file): Path<String>) -> Response {
    let merchant = file
        .strip_suffix(".svg")
        .and_then(|guid| polyfin_engine::merchants::get(guid).ok());
    let Some(merchant) = merchant else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let svg = render(&merchant.name, &merchant_color(&merchant.name), 100);
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}

/// A stable, dark-enough colour per merchant name (for white initials).
fn merchant_color(name: &str) -> String {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let [r, g, b, _] = hash.to_le_bytes();
    format!("#{:02x}{:02x}{:02x}", r / 2, g / 2, b / 2)
}

fn initials(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "of" | "the" | "and"))
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn render(name: &str, color: &str, size: u32) -> String {
    let color = if color.starts_with('#') && color.len() == 7 {
        color
    } else {
        "#4a5568"
    };
    let radius = size / 8;
    let font = size * 2 / 5;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" aria-label="{label}"><rect width="{size}" height="{size}" rx="{radius}" fill="{color}"/><text x="50%" y="50%" dominant-baseline="central" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-weight="700" font-size="{font}" fill="#ffffff">{initials}</text></svg>"##,
        label = escape(name),
        initials = escape(&initials(name)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_skip_small_words() {
        assert_eq!(initials("Bank of America"), "BA");
        assert_eq!(initials("MX Bank (OAuth)"), "MB");
        assert_eq!(initials("chase"), "C");
    }

    #[test]
    fn svg_escapes_the_name() {
        let svg = render("A&B <Bank>", "#112233", 50);
        assert!(svg.contains("A&amp;B &lt;Bank&gt;"));
        assert!(svg.starts_with("<svg"));
    }
}
