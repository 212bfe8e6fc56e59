use axum::extract::State;
use roundtrip_domain::dto::{CustomerPage, CustomerQuery, CustomerSort, ErrorEnvelope};
use roundtrip_domain::edits::MAX_TAG_CHARS;
use roundtrip_domain::paging::PageRequest;
use roundtrip_domain::search::parse_query;

use crate::auth::CurrentUser;
use crate::db::customer_list;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// Searches and filters the customers in the caller's scope, newest activity first.
///
/// Store staff see their own store's customers and online-only customers (who have no home
/// store yet and may walk in anywhere); managers and admins see every store.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(CustomerQuery),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One page of customers", body = CustomerPage),
        (status = 400, description = "Bad query parameter (unknown filter value, page_size over 100, query too long)", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<CustomerQuery>) -> Result<Json<CustomerPage>, AppError> {
    let paging = PageRequest::new(q.page, q.page_size)
        .map_err(|e| AppError::invalid_query(if q.page == Some(0) { "page" } else { "page_size" }, e.to_string()))?;
    let term = parse_query(q.q.as_deref().unwrap_or("")).map_err(|e| AppError::invalid_query("q", e.to_string()))?;
    if q.tag.as_ref().is_some_and(|t| t.chars().count() > MAX_TAG_CHARS) {
        return Err(AppError::invalid_query("tag", format!("a tag is at most {MAX_TAG_CHARS} characters")));
    }
    let scope = user.store_scope();
    let sort = q.sort.unwrap_or(CustomerSort::Recent);
    let page = state
        .db
        .call(move |conn| customer_list::page(conn, &q, term, scope, sort, paging))
        .await?;
    Ok(Json(page))
}
