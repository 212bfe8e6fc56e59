//! `Json` and `Query` extractors whose rejections become [`AppError`] bodies instead of axum's
//! plain-text ones.

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// A JSON body. `ITEMS_CHECKED` bodies (a batch of channel events) check each item's text
/// themselves, so that a NUL refuses that item alone, naming its field.
pub struct Json<T, const ITEMS_CHECKED: bool = false>(pub T);

/// A batch whose items are checked one by one for NUL and other control characters.
pub type BatchJson<T> = Json<T, true>;

/// Every request body of the API is a JSON object. serde would also build a struct from a
/// JSON array (`[null]` as `{ "days": null }`), so anything else is refused here, once. So is
/// text holding a NUL character: PostgreSQL cannot store it, and no name, note or event
/// needs it, so both engines refuse it alike instead of one failing part-way.
impl<S: Send + Sync, T: serde::de::DeserializeOwned, const ITEMS_CHECKED: bool> FromRequest<S> for Json<T, ITEMS_CHECKED> {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        if !json_content_type(req.headers()) {
            return Err(axum::extract::rejection::JsonRejection::from(axum::extract::rejection::MissingJsonContentType::default()).into());
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(axum::extract::rejection::JsonRejection::from)?;
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        let parsed = axum::Json::<T>::from_bytes(&bytes)?;
        if first != Some(&b'{') {
            return Err(AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "the body must be a JSON object"));
        }
        // JSON can carry a NUL only escaped; the rare body with that escape is looked at whole
        if !ITEMS_CHECKED && bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) && holds_nul(&serde_json::from_slice(&bytes).unwrap_or_default()) {
            return Err(AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "text may not contain the NUL character (\\u0000)")
                .with_details(serde_json::json!({ "reason": "nul_character" })));
        }
        Ok(Json(parsed.0))
    }
}

fn holds_nul(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(holds_nul),
        serde_json::Value::Object(fields) => fields.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `application/json`, or a `+json` type, as axum's own `Json` accepts.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

pub struct Query<T>(pub T);

/// axum's `Query`, its rejection as an [`AppError`], and a NUL character (`%00`) refused as
/// in bodies.
impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        if parts.uri.query().is_some_and(|q| q.to_ascii_lowercase().contains("%00")) {
            return Err(AppError::new(axum::http::StatusCode::BAD_REQUEST, "invalid_query", "text may not contain the NUL character (%00)")
                .with_details(serde_json::json!({ "reason": "nul_character" })));
        }
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// The client's address when the server knows it (the real socket; absent under `oneshot`).
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())))
    }
}
