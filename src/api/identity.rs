use roundtrip_domain::dto::{BulkReview, BulkReviewResult, DuplicatePage, DuplicateSort, IdentityKpis, KeepFields, MergeRequest, MergeResult};

use super::{get_json, post_json, post_no_content, ApiError};

pub async fn kpis() -> Result<IdentityKpis, ApiError> {
    get_json("/api/v1/kpis/identity").await
}

pub async fn duplicates(page: u32, sort: DuplicateSort) -> Result<DuplicatePage, ApiError> {
    get_json(&format!("/api/v1/duplicates?page={page}&sort={}", sort.as_str())).await
}

pub async fn bulk_review(review: BulkReview) -> Result<BulkReviewResult, ApiError> {
    post_json("/api/v1/duplicates/bulk", &review).await
}

pub async fn restore(candidate: i64) -> Result<(), ApiError> {
    post_no_content(&format!("/api/v1/duplicates/{candidate}/restore")).await
}

pub async fn merge(candidate: i64, survivor_id: i64, keep: KeepFields) -> Result<MergeResult, ApiError> {
    post_json(&format!("/api/v1/duplicates/{candidate}/merge"), &MergeRequest { survivor_id, keep }).await
}

pub async fn unmerge(merge_id: i64) -> Result<MergeResult, ApiError> {
    post_json(&format!("/api/v1/merges/{merge_id}/unmerge"), &()).await
}

pub async fn dismiss(candidate: i64) -> Result<(), ApiError> {
    post_no_content(&format!("/api/v1/duplicates/{candidate}/dismiss")).await
}
