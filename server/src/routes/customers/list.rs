use axum::extract::State;
use roundtrip_domain::dto::{CustomerPage, CustomerQuery, CustomerSort, ErrorEnvelope};
use roundtrip_domain::edits::MAX_TAG_CHARS;
use roundtrip_domain::scoring::CHURN_RISK_THRESHOLD;
use roundtrip_domain::paging::PageRequest;
use roundtrip_domain::search::{name_gram_range, name_query_gram, parse_query, SearchTerm};
use roundtrip_domain::Presence;
use rusqlite::types::Value;

use crate::db::customers::{summary, SUMMARY_COLUMNS};
use crate::auth::CurrentUser;
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
    let filter = Filter::build(&q, term, user.store_scope());
    let sort = q.sort.unwrap_or(CustomerSort::Recent);
    let page = state
        .db
        .call(move |conn| {
            let total: i64 = conn.query_row(
                &format!("SELECT count(*) FROM customers c WHERE {}", filter.sql),
                rusqlite::params_from_iter(filter.args.iter()),
                |r| r.get(0),
            )?;
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
                  WHERE {} ORDER BY {} LIMIT {} OFFSET {}",
                filter.sql,
                order_by(sort),
                paging.page_size,
                paging.offset()
            );
            let mut stmt = conn.prepare(&sql)?;
            let items = stmt.query_map(rusqlite::params_from_iter(filter.args.iter()), summary)?.collect::<Result<Vec<_>, _>>()?;
            Ok(CustomerPage { items, page: paging.page, page_size: paging.page_size, total: total as u64 })
        })
        .await?;
    Ok(Json(page))
}

/// A WHERE clause over `customers c` with its positional arguments.
struct Filter {
    sql: String,
    args: Vec<Value>,
}

impl Filter {
    fn build(q: &CustomerQuery, term: Option<SearchTerm>, store_scope: Option<i64>) -> Self {
        // merged records live on inside their survivor; erased ones are anonymous shells
        let mut f = Filter { sql: "c.merged_into IS NULL AND c.erased_at IS NULL".into(), args: Vec::new() };
        if let Some(store) = store_scope {
            f.push("(c.home_store_id = ? OR c.home_store_id IS NULL)", [Value::Integer(store)]);
        }
        match term {
            None => {}
            Some(SearchTerm::PhoneTail(t)) => f.push("c.phone_tail = ?", [Value::Text(t)]),
            Some(SearchTerm::Phone(p)) => f.push("c.phone_e164 = ?", [Value::Text(p)]),
            Some(SearchTerm::Email(e)) => f.push("c.email = ?", [Value::Text(e)]),
            Some(SearchTerm::Text(t)) => {
                let (gram, exact) = name_query_gram(&t);
                let (low, high) = name_gram_range(&gram);
                // databases indexed before grams were per position hold every substring: a
                // superset, so the same range finds the same customers there
                let by_name = "c.id IN (SELECT customer_id FROM customer_name_grams WHERE gram >= ? AND gram < ?)";
                if exact {
                    f.push(&format!("({by_name} OR c.id IN (SELECT customer_id FROM identities WHERE value = ?))"), [Value::Text(low), Value::Text(high), Value::Text(t)]);
                } else {
                    f.push(
                        &format!("(({by_name} AND c.name LIKE ? ESCAPE '\\') OR c.id IN (SELECT customer_id FROM identities WHERE value = ?))"),
                        [Value::Text(low), Value::Text(high), Value::Text(format!("%{}%", escape_like(&t))), Value::Text(t)],
                    );
                }
            }
        }
        if let Some(s) = q.segment {
            f.push("c.segment = ?", [Value::Text(s.as_str().into())]);
        }
        if let Some(t) = q.tier {
            f.push("c.tier = ?", [Value::Text(t.as_str().into())]);
        }
        if let Some(l) = q.lifecycle {
            f.push("c.lifecycle = ?", [Value::Text(l.as_str().into())]);
        }
        if let Some(store) = q.store_id {
            f.push("c.home_store_id = ?", [Value::Integer(store)]);
        }
        if let Some(tag) = q.tag.as_ref().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            f.push("c.id IN (SELECT customer_id FROM customer_tags WHERE tag = ?)", [Value::Text(tag.into())]);
        }
        if q.at_risk == Some(true) {
            f.push(&format!("c.churn_risk >= {CHURN_RISK_THRESHOLD}"), []);
        }
        match q.presence {
            None => {}
            Some(Presence::Both) => f.push("c.online = 1 AND c.offline = 1", []),
            Some(Presence::OnlineOnly) => f.push("c.online = 1 AND c.offline = 0", []),
            Some(Presence::OfflineOnly) => f.push("c.online = 0 AND c.offline = 1", []),
        }
        f
    }

    fn push<const N: usize>(&mut self, clause: &str, args: [Value; N]) {
        self.sql.push_str(" AND ");
        self.sql.push_str(clause);
        self.args.extend(args);
    }
}

/// ORDER BY for a sort; the id breaks ties so pages never overlap.
fn order_by(sort: CustomerSort) -> &'static str {
    match sort {
        CustomerSort::Recent => "c.last_active_at DESC, c.id DESC",
        CustomerSort::Name => "c.name ASC, c.id ASC",
        CustomerSort::ChurnRisk => "c.churn_risk DESC, c.last_active_at DESC, c.id DESC",
        CustomerSort::Value => "c.lifetime_value_fen DESC, c.id DESC",
        CustomerSort::Points => "c.points DESC, c.id DESC",
    }
}

/// Makes `%`, `_` and `\` in user text match themselves in a LIKE pattern.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
