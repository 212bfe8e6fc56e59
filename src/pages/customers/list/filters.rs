use leptos::prelude::*;
use roundtrip_domain::dto::CustomerQuery;
use roundtrip_domain::{Lifecycle, Presence, Segment, Tier};

use crate::i18n::{use_i18n, Label, Msg};

/// One labelled select over a closed set; choosing a value starts a new search from page 1.
#[component]
fn FilterSelect<T>(
    id: &'static str,
    label: Msg,
    options: &'static [T],
    current: Signal<Option<T>>,
    parse: fn(&str) -> Option<T>,
    text: fn(T) -> &'static str,
    on_pick: Callback<Option<T>>,
) -> impl IntoView
where
    T: Label + Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="filter">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| on_pick.run(parse(&event_target_value(&ev)))>
                <option value="" selected=move || current.get().is_none()>{move || i18n.t(Msg::Any)}</option>
                {options.iter().map(|opt| {
                    let opt = *opt;
                    view! {
                        <option value=text(opt) selected=move || current.get() == Some(opt)>
                            {move || opt.label(i18n.locale())}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn Filters(query: Memo<CustomerQuery>, go: Callback<CustomerQuery>) -> impl IntoView {
    view! {
        <div class="filters">
            <FilterSelect id="filter-segment" label=Msg::FilterSegment options=Segment::ALL
                current=Signal::derive(move || query.get().segment) parse=Segment::parse text=Segment::as_str
                on_pick=Callback::new(move |v| go.run(CustomerQuery { segment: v, page: None, ..query.get_untracked() }))/>
            <FilterSelect id="filter-tier" label=Msg::FilterTier options=Tier::ALL
                current=Signal::derive(move || query.get().tier) parse=Tier::parse text=Tier::as_str
                on_pick=Callback::new(move |v| go.run(CustomerQuery { tier: v, page: None, ..query.get_untracked() }))/>
            <FilterSelect id="filter-lifecycle" label=Msg::FilterLifecycle options=Lifecycle::ALL
                current=Signal::derive(move || query.get().lifecycle) parse=Lifecycle::parse text=Lifecycle::as_str
                on_pick=Callback::new(move |v| go.run(CustomerQuery { lifecycle: v, page: None, ..query.get_untracked() }))/>
            <FilterSelect id="filter-presence" label=Msg::FilterPresence options=Presence::ALL
                current=Signal::derive(move || query.get().presence) parse=Presence::parse text=Presence::as_str
                on_pick=Callback::new(move |v| go.run(CustomerQuery { presence: v, page: None, ..query.get_untracked() }))/>
        </div>
    }
}
