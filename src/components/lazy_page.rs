//! A page whose code arrives on first visit (the split points are in `pages::chunks`): the
//! loading state while its chunk downloads, and a message with a retry when it cannot (a
//! tablet offline before the service worker kept the chunk). A failed load is not remembered,
//! so the retry fetches again.

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;

use crate::components::states::{Failure, Loading};
use crate::i18n::Msg;

/// The page's code could not be fetched.
#[derive(Debug)]
pub struct ChunkUnavailable;

impl From<SplitLoaderError> for ChunkUnavailable {
    fn from(_: SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}

#[component]
pub fn LazyPage<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkUnavailable>> + 'static,
{
    let attempt = RwSignal::new(0_u32);
    let retry = Some(Callback::new(move |_| attempt.update(|n| *n += 1)));
    let unavailable = move || view! { <Failure msg=Msg::PageCodeUnavailable detail=None retry/> }.into_any();
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                attempt.track();
                // the loader's future holds JS promises: it never leaves this thread
                Suspend::new(SendWrapper::new(async move { load().await.unwrap_or_else(|_| unavailable()) }))
            }}
        </Suspense>
    }
}
