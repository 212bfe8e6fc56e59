//! Performance marks that `make bench` reads in headless Chromium
//! (`performance.getEntriesByName`). A mark costs one call; it lets the benchmark time what a
//! person waits for (the list drawn, a profile shown) instead of guessing from network events.

use leptos::prelude::request_animation_frame;

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

pub fn mark(name: &'static str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Marks `name` once the frame being built is about to be painted.
pub fn mark_drawn(name: &'static str) {
    request_animation_frame(move || mark(name));
}

pub const LIST_QUERY: &str = "rt:list-query";
pub const LIST_DRAWN: &str = "rt:list-drawn";
pub const PROFILE_OPEN: &str = "rt:profile-open";
pub const PROFILE_FROM_CACHE: &str = "rt:profile-drawn-cache";
pub const PROFILE_FROM_SERVER: &str = "rt:profile-drawn-server";
