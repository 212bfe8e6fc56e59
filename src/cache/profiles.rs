//! Customer profiles opened on this device, for when the network is gone.

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{CustomerEdits, CustomerProfile, Me};
use serde::{Deserialize, Serialize};

use super::{get_json, open, put_json, CacheError, DB_NAME, META, PROFILES};
use crate::api::{self, ApiError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedProfile {
    pub profile: CustomerProfile,
    pub saved_at: DateTime<Utc>,
}

/// A profile to show, and when it was saved if it came from the device instead of the server.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedProfile {
    pub profile: CustomerProfile,
    pub offline_copy_from: Option<DateTime<Utc>>,
}

pub async fn save(db_name: &str, profile: &CustomerProfile) -> Result<(), CacheError> {
    let db = open(db_name).await?;
    let entry = CachedProfile { profile: profile.clone(), saved_at: Utc::now() };
    let result = put_json(&db, PROFILES, &profile.summary.id.to_string(), &entry).await;
    db.close();
    result
}

pub async fn load(db_name: &str, id: i64) -> Result<Option<CachedProfile>, CacheError> {
    let db = open(db_name).await?;
    let result = get_json(&db, PROFILES, &id.to_string()).await;
    db.close();
    result
}

/// Brings a cached profile's editable part up to the server's answer to an edit, so the
/// offline copy shows what was synced. A profile never opened here is left alone.
pub async fn update_edits(db_name: &str, id: i64, edits: &CustomerEdits) -> Result<(), CacheError> {
    let Some(mut cached) = load(db_name, id).await? else { return Ok(()) };
    if cached.profile.version > edits.version {
        return Ok(());
    }
    cached.profile.version = edits.version;
    cached.profile.tags = edits.tags.clone();
    cached.profile.notes = edits.notes.clone();
    cached.profile.follow_ups = edits.follow_ups.clone();
    let db = open(db_name).await?;
    let result = put_json(&db, PROFILES, &id.to_string(), &cached).await;
    db.close();
    result
}

/// Drops a cached profile (the customer was erased, or is no longer the user's to see).
pub async fn remove(db_name: &str, id: i64) -> Result<(), CacheError> {
    let db = open(db_name).await?;
    let result = super::delete_keys(&db, PROFILES, &[id.to_string()]).await;
    db.close();
    result
}

/// The signed-in user, kept so that the console opens offline after a reload.
pub async fn save_me(me: &Me) -> Result<(), CacheError> {
    let db = open(DB_NAME).await?;
    let result = put_json(&db, META, "me", me).await;
    db.close();
    result
}

pub async fn load_me() -> Result<Option<Me>, CacheError> {
    let db = open(DB_NAME).await?;
    let result = get_json(&db, META, "me").await;
    db.close();
    result
}

/// The server's profile (kept on the device for next time), or, when the server cannot be
/// reached, the copy saved here earlier. A cache failure never hides the server's answer.
pub async fn fetch_or_cached(id: i64) -> Result<LoadedProfile, ApiError> {
    match api::customers::profile(id).await {
        Ok(profile) => {
            let saved = save(DB_NAME, &profile).await;
            if let Err(e) = saved {
                leptos::logging::warn!("profile not cached: {e}");
            }
            Ok(LoadedProfile { profile, offline_copy_from: None })
        }
        Err(ApiError::Network) => match load(DB_NAME, id).await {
            Ok(Some(cached)) => Ok(LoadedProfile { profile: cached.profile, offline_copy_from: Some(cached.saved_at) }),
            _ => Err(ApiError::Network),
        },
        // erased, or moved out of the user's scope: the device must not keep a copy
        Err(ApiError::NotFound) => {
            let _ = remove(DB_NAME, id).await;
            Err(ApiError::NotFound)
        }
        Err(e) => Err(e),
    }
}

/// The name and version of the customer a form is about: from the profile, or for a walk-in
/// never opened here while the network is down, from the offline roster.
pub async fn name_and_version(id: i64) -> Result<(String, i64), ApiError> {
    match fetch_or_cached(id).await {
        Ok(p) => Ok((p.profile.summary.name, p.profile.version)),
        Err(ApiError::Network) => match super::roster::find(DB_NAME, id).await {
            Ok(Some(c)) => Ok((c.name, c.version)),
            _ => Err(ApiError::Network),
        },
        Err(e) => Err(e),
    }
}
