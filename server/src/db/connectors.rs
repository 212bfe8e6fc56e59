//! Channel connectors as stored: their secrets sealed under the server's key (bound to the
//! connector's channel and account, so a sealed list cannot be moved to another connector),
//! a list of one set, or two while a rotation is under way. Every change is audited.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::dto::StoreRef;
use roundtrip_domain::hooks::{Connector, ConnectorSecrets, HookChannel, NewConnector};
use roundtrip_domain::refusal::{Refusal, Rule};

use crate::channels::Credentials;
use crate::db::columns::{enum_col, opt_time_col, time_col};
use crate::db::sql::{self, params, Conn, Failure, OptionalExt, Row};
use crate::error::AppError;
use crate::time::rfc3339;
use crate::vault::IdVault;

const COLUMNS: &str = "c.id, c.channel, c.account, c.store_id, s.name AS store_name, s.city AS store_city, c.rotating, c.plain_allowed,
    u.display_name AS created_by, c.created_at, c.rotated_at,
    (SELECT count(*) FROM deliveries d WHERE d.connector_id = c.id AND d.status = 'pending') AS pending,
    (SELECT count(*) FROM deliveries d WHERE d.connector_id = c.id AND d.status = 'dead') AS dead,
    (SELECT count(*) FROM deliveries d WHERE d.connector_id = c.id AND d.status IN ('done', 'ignored')) AS done
    FROM connectors c JOIN users u ON u.id = c.created_by LEFT JOIN stores s ON s.id = c.store_id";

fn connector(r: &Row) -> sql::Result<Connector> {
    let channel = enum_col(r, "channel", HookChannel::parse)?;
    let account: String = r.get("account")?;
    let store = match r.get::<_, Option<i64>>("store_id")? {
        Some(id) => Some(StoreRef { id, name: r.get("store_name")?, city: r.get("store_city")? }),
        None => None,
    };
    Ok(Connector {
        id: r.get("id")?,
        path: format!("/hooks/{}/{account}", channel.as_str()),
        channel,
        account,
        store,
        rotating: r.get::<_, i64>("rotating")? != 0,
        plain_allowed: r.get::<_, i64>("plain_allowed")? != 0,
        created_by: r.get("created_by")?,
        created_at: time_col(r, "created_at")?,
        rotated_at: opt_time_col(r, "rotated_at")?,
        pending: r.get::<_, i64>("pending")? as u64,
        dead: r.get::<_, i64>("dead")? as u64,
        done: r.get::<_, i64>("done")? as u64,
    })
}

pub fn list(conn: &Conn) -> sql::Result<Vec<Connector>> {
    conn.query_map(&format!("SELECT {COLUMNS} ORDER BY c.channel, c.account"), [], connector)
}

fn get(conn: &Conn, id: i64) -> sql::Result<Option<Connector>> {
    conn.query_row(&format!("SELECT {COLUMNS} WHERE c.id = ?1"), [id], connector).optional()
}

fn context(channel: HookChannel, account: &str) -> String {
    format!("connector:{}:{account}", channel.as_str())
}

fn seal(vault: &IdVault, channel: HookChannel, account: &str, sets: &[ConnectorSecrets]) -> String {
    vault.seal(&context(channel, account), &serde_json::to_string(sets).expect("secrets serialise"))
}

/// What a receiver needs of a connector.
pub struct Keys {
    pub id: i64,
    pub credentials: Credentials,
}

/// The connector pushing to `/hooks/<channel>/<account>`, with its secrets opened.
pub fn keys(conn: &Conn, vault: &IdVault, channel: HookChannel, account: &str) -> Result<Option<Keys>, AppError> {
    let row = conn
        .query_row("SELECT id, plain_allowed, secrets FROM connectors WHERE channel = ?1 AND account = ?2", params![channel.as_str(), account], |r| {
            Ok((r.get::<_, i64>("id")?, r.get::<_, i64>("plain_allowed")? != 0, r.get::<_, String>("secrets")?))
        })
        .optional()?;
    let Some((id, plain_allowed, sealed)) = row else { return Ok(None) };
    Ok(Some(Keys { id, credentials: Credentials { secrets: open(vault, channel, account, &sealed)?, plain_allowed } }))
}

fn open(vault: &IdVault, channel: HookChannel, account: &str, sealed: &str) -> Result<Vec<ConnectorSecrets>, AppError> {
    let plain = vault
        .unseal(&context(channel, account), sealed)
        .map_err(|_| AppError::new(StatusCode::SERVICE_UNAVAILABLE, "hook_unconfigured", "this connector's secrets cannot be opened with this server's key"))?;
    serde_json::from_str(&plain).map_err(AppError::internal)
}

/// Adds a connector for `new` (already checked); audited.
pub fn add(conn: &mut Conn, vault: &IdVault, new: &NewConnector, by: i64, now: DateTime<Utc>) -> Result<Connector, AppError> {
    let tx = conn.begin()?;
    if let Some(store) = new.store_id {
        if !crate::db::stores::exists(&tx, store)? {
            return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "unknown_store", format!("store_id {store} does not exist"))
                .with_refusal(Refusal::only("store_id", Rule::OneOf)));
        }
    }
    let sealed = seal(vault, new.channel, &new.account, std::slice::from_ref(&new.secrets));
    let id = tx
        .insert_returning_id(
            "INSERT INTO connectors (channel, account, store_id, secrets, plain_allowed, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            params![new.channel.as_str(), new.account, new.store_id, sealed, new.plain_allowed as i64, by, rfc3339(now)],
        )
        .map_err(|e| match e.failure() {
            Failure::Unique => AppError::new(StatusCode::CONFLICT, "connector_exists", format!("{} account {} is already connected", new.channel.as_str(), new.account))
                .with_refusal(Refusal::only("account", Rule::OneOf)),
            _ => e.into(),
        })?;
    crate::db::audit::record(&tx, by, &format!("connector:{id}"), &AuditDetail::ConnectorAdded { channel: new.channel, account: new.account.clone() })?;
    let added = get(&tx, id)?.ok_or_else(|| AppError::not_found("connector"))?;
    tx.commit()?;
    Ok(added)
}

/// Rotates connector `id`'s secrets: with `new`, it takes them and keeps accepting the
/// current ones until the rotation is finished; with none, it finishes the rotation (only the
/// newest set is accepted from then on). Audited.
pub fn rotate(conn: &mut Conn, vault: &IdVault, id: i64, new: Option<&ConnectorSecrets>, by: i64, now: DateTime<Utc>) -> Result<Connector, AppError> {
    let tx = conn.begin()?;
    let (channel, account, sealed) = tx
        .query_row("SELECT channel, account, secrets FROM connectors WHERE id = ?1", [id], |r| {
            Ok((enum_col(r, "channel", HookChannel::parse)?, r.get::<_, String>("account")?, r.get::<_, String>("secrets")?))
        })
        .optional()?
        .ok_or_else(|| AppError::not_found("connector"))?;
    if let Some(new) = new {
        let plain: bool = tx.query_row("SELECT plain_allowed FROM connectors WHERE id = ?1", [id], |r| r.get::<_, i64>(0))? != 0;
        roundtrip_domain::hooks::check_secrets(channel, new, plain)
            .map_err(|r| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_connector", r.to_string()).with_refusal(r))?;
    }
    let mut sets = open(vault, channel, &account, &sealed)?;
    sets.truncate(1);
    if let Some(new) = new {
        sets.insert(0, new.clone());
    }
    tx.execute(
        "UPDATE connectors SET secrets = ?2, rotating = ?3, rotated_at = ?4 WHERE id = ?1",
        params![id, seal(vault, channel, &account, &sets), (sets.len() > 1) as i64, rfc3339(now)],
    )?;
    crate::db::audit::record(&tx, by, &format!("connector:{id}"), &AuditDetail::ConnectorRotated { channel, account, finished: new.is_none() })?;
    let rotated = get(&tx, id)?.ok_or_else(|| AppError::not_found("connector"))?;
    tx.commit()?;
    Ok(rotated)
}
