use leptos::prelude::*;
use roundtrip_domain::dto::{CustomerQuery, CustomerSort};
use roundtrip_domain::{Lifecycle, Presence, Segment, Tier};

use crate::i18n::{use_i18n, Label, Msg};

/// One labelled select over a closed set; choosing a value starts a new search from page 1.
#[component]
pub fn FilterSelect<T>(
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
                <option value="" selected=move || current.get().is_none()>{i18n.text(Msg::Any)}</option>
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
    let i18n = use_i18n();
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
            <StoreFilter query go/>
            <div class="filter">
                <label for="filter-tag">{i18n.text(Msg::FilterTag)}</label>
                <input id="filter-tag" maxlength="20" prop:value=move || query.get().tag.unwrap_or_default()
                    on:change=move |ev| {
                        let tag = event_target_value(&ev);
                        go.run(CustomerQuery { tag: Some(tag).filter(|t| !t.trim().is_empty()), page: None, ..query.get_untracked() })
                    }/>
            </div>
            <div class="filter check">
                <input type="checkbox" id="filter-at-risk" prop:checked=move || query.get().at_risk == Some(true)
                    on:change=move |ev| go.run(CustomerQuery { at_risk: event_target_checked(&ev).then_some(true), page: None, ..query.get_untracked() })/>
                <label for="filter-at-risk">{i18n.text(Msg::AtRiskOnly)}</label>
            </div>
            <div class="filter">
                <label for="sort">{i18n.text(Msg::SortBy)}</label>
                <select id="sort" on:change=move |ev| go.run(CustomerQuery { sort: CustomerSort::parse(&event_target_value(&ev)), page: None, ..query.get_untracked() })>
                    {CustomerSort::ALL.iter().map(|s| {
                        let s = *s;
                        view! {
                            <option value=s.as_str() selected=move || query.get().sort.unwrap_or(CustomerSort::Recent) == s>
                                {move || s.label(i18n.locale())}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// Managers and admins choose a store; staff only ever see their own, so they get no choice.
#[component]
fn StoreFilter(query: Memo<CustomerQuery>, go: Callback<CustomerQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let stores = LocalResource::new(|| crate::api::stores::list());
    move || {
        let stores = stores.get().and_then(Result::ok).filter(|s| s.len() > 1)?;
        Some(view! {
            <div class="filter">
                <label for="filter-store">{i18n.text(Msg::FilterStore)}</label>
                <select id="filter-store" on:change=move |ev| {
                    let id = event_target_value(&ev).parse().ok();
                    go.run(CustomerQuery { store_id: id, page: None, ..query.get_untracked() })
                }>
                    <option value="" selected=move || query.get().store_id.is_none()>{i18n.text(Msg::AllStores)}</option>
                    {stores.into_iter().map(|s| view! {
                        <option value=s.id.to_string() selected=move || query.get().store_id == Some(s.id)>{s.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
        })
    }
}
