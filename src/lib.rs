//! Roundtrip's console: a Leptos single-page app compiled to WebAssembly.

pub mod api;
pub mod app;
pub mod cache;
pub mod components;
pub mod globals;
pub mod i18n;
pub mod pages;
pub mod perf;

/// Mounts the console on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
