//! Customer profiles opened on this device, for when the network is gone.

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::CustomerProfile;
use serde::{Deserialize, Serialize};

use super::{get_json, open, put_json, CacheError, DB_NAME, PROFILES};
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
        Err(e) => Err(e),
    }
}
