//! The customer list: search terms and filters as one WHERE clause over `customers c`, sorted
//! and paged.

use roundtrip_domain::dto::{CustomerPage, CustomerQuery, CustomerSort};
use roundtrip_domain::paging::PageRequest;
use roundtrip_domain::scoring::CHURN_RISK_THRESHOLD;
use roundtrip_domain::search::{name_gram_range, name_query_gram, pinyin_query_range, SearchTerm};
use roundtrip_domain::Presence;

use crate::db::customers::{summary, visible, SUMMARY_COLUMNS};
use crate::error::AppError;
use crate::db::sql::{params_from_iter, Conn, Value};

/// One page of the customers `scope` may see that match `term` and the query's filters.
pub fn page(conn: &Conn, q: &CustomerQuery, term: Option<SearchTerm>, scope: Option<i64>, sort: CustomerSort, paging: PageRequest) -> Result<CustomerPage, AppError> {
    let filter = Filter::build(q, term, scope);
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM customers c WHERE {}", filter.sql),
        params_from_iter(filter.args.iter()),
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
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt.query_map(params_from_iter(filter.args.iter()), summary)?.collect::<Result<Vec<_>, _>>()?;
    Ok(CustomerPage { items, page: paging.page, page_size: paging.page_size, total: total as u64 })
}


/// A WHERE clause over `customers c` with its positional arguments.
struct Filter {
    sql: String,
    args: Vec<Value>,
}

impl Filter {
    fn build(q: &CustomerQuery, term: Option<SearchTerm>, store_scope: Option<i64>) -> Self {
        let (sql, store) = visible(store_scope, "?");
        let mut f = Filter { sql, args: store.into_iter().collect() };
        match term {
            None => {}
            Some(SearchTerm::PhoneTail(t)) => f.push("c.phone_tail = ?", [Value::Text(t)]),
            Some(SearchTerm::Phone(p)) => f.push("c.phone_e164 = ?", [Value::Text(p)]),
            Some(SearchTerm::Email(e)) => f.push("c.email = ?", [Value::Text(e)]),
            Some(SearchTerm::Text(t)) => f.push_name(&t, true),
            Some(SearchTerm::NameAndTail { name, tail }) => {
                f.push_name(&name, false);
                f.push("c.phone_tail = ?", [Value::Text(tail)]);
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

    /// Customers whose name holds `t` or whose name's pinyin starts with it (through the name
    /// index), or, with `member_ids`, who carry `t` as an identity (a member number). One IN
    /// over a UNION, not two INs joined by OR: PostgreSQL turns `IN … OR IN …` into a scan of
    /// every customer (170 ms at 100k), the UNION into index lookups.
    fn push_name(&mut self, t: &str, member_ids: bool) {
        let (gram, exact) = name_query_gram(t);
        let (low, high) = name_gram_range(&gram);
        // databases indexed before grams were per position hold every substring: a superset,
        // so the same range finds the same customers there
        let (mut sql, mut args) = if exact {
            ("SELECT customer_id FROM customer_name_grams WHERE gram >= ? AND gram < ?".to_owned(), vec![Value::Text(low), Value::Text(high)])
        } else {
            (
                "SELECT g.customer_id FROM customer_name_grams g JOIN customers n ON n.id = g.customer_id
                  WHERE g.gram >= ? AND g.gram < ? AND n.name LIKE ? ESCAPE '\\'"
                    .to_owned(),
                vec![Value::Text(low), Value::Text(high), Value::Text(format!("%{}%", escape_like(t)))],
            )
        };
        // Latin letters may be pinyin (`zhangwei`, `zw`): the pinyin keys are a second range
        if let Some((low, high)) = pinyin_query_range(t) {
            sql.push_str(" UNION SELECT customer_id FROM customer_name_grams WHERE gram >= ? AND gram < ?");
            args.extend([Value::Text(low), Value::Text(high)]);
        }
        if member_ids {
            sql.push_str(" UNION SELECT customer_id FROM identities WHERE value = ?");
            args.push(Value::Text(t.to_owned()));
        }
        self.sql.push_str(&format!(" AND c.id IN ({sql})"));
        self.args.extend(args);
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
