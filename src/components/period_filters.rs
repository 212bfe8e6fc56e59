//! The filters every manager view shares: period, home store and segment.

use chrono::NaiveDate;
use leptos::prelude::*;
use roundtrip_domain::dto::JourneyQuery;
use roundtrip_domain::period::Shortcut;
use roundtrip_domain::Segment;

use crate::i18n::{use_i18n, Label, Msg};

/// Period, store and segment; each change is handed to `go` at once (the page puts it in the
/// URL). `period` is what the server used, shown while the URL leaves the dates to the default.
#[component]
pub fn PeriodFilters(
    query: Signal<JourneyQuery>,
    go: Callback<JourneyQuery>,
    period: RwSignal<Option<(NaiveDate, NaiveDate)>>,
    /// Prefix of the inputs' ids, unique on the page.
    id: &'static str,
    /// For views whose figures are not about customers' segments (disruptions).
    #[prop(optional)]
    no_segment: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let change = move |edit: &dyn Fn(&mut JourneyQuery)| {
        let mut q = query.get_untracked();
        edit(&mut q);
        go.run(q);
    };
    let ids = ["from", "to", "store", "segment"].map(|f| format!("{id}-{f}"));
    let shown = move |own: Option<NaiveDate>, pick: fn((NaiveDate, NaiveDate)) -> NaiveDate| {
        own.or_else(|| period.get().map(pick)).map(|d| d.to_string()).unwrap_or_default()
    };
    let today = crate::i18n::agency_today();
    let pick = move |s: Shortcut| {
        let (from, to) = s.range(today);
        change(&|q| {
            q.from = Some(from);
            q.to = Some(to);
        })
    };
    view! {
        <div class="period-shortcuts" role="group" aria-label=i18n.text(Msg::PeriodShortcuts)>
            {Shortcut::ALL.map(|s| view! {
                <button type="button" class="button ghost" on:click=move |_| pick(s)
                    aria-pressed=move || query.with(|q| Shortcut::of(q.from, q.to, today) == Some(s)).to_string()>
                    {i18n.text(shortcut_label(s))}
                </button>
            }).collect_view()}
        </div>
        <div class="filters" role="group" aria-label=i18n.text(Msg::FiltersLabel)>
            <div class="filter">
                <label for=ids[0].clone()>{i18n.text(Msg::PeriodFrom)}</label>
                <input id=ids[0].clone() type="date" prop:value=move || shown(query.get().from, |p| p.0)
                    on:change=move |ev| change(&|q| q.from = event_target_value(&ev).parse().ok())/>
            </div>
            <div class="filter">
                <label for=ids[1].clone()>{i18n.text(Msg::PeriodTo)}</label>
                <input id=ids[1].clone() type="date" prop:value=move || shown(query.get().to, |p| p.1)
                    on:change=move |ev| change(&|q| q.to = event_target_value(&ev).parse().ok())/>
            </div>
            <div class="filter">
                <label for=ids[2].clone()>{i18n.text(Msg::FilterStore)}</label>
                <select id=ids[2].clone() on:change=move |ev| change(&|q| q.store_id = event_target_value(&ev).parse().ok())>
                    <StoreOptions selected=Signal::derive(move || query.get().store_id)/>
                </select>
            </div>
            {(!no_segment).then(|| view! { <div class="filter">
                <label for=ids[3].clone()>{i18n.text(Msg::FilterSegment)}</label>
                <select id=ids[3].clone() on:change=move |ev| change(&|q| q.segment = Segment::parse(&event_target_value(&ev)))>
                    <option value="">{i18n.text(Msg::Any)}</option>
                    {Segment::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=move || query.get().segment == Some(s)>{move || s.label(i18n.locale())}</option> }
                    }).collect_view()}
                </select>
            </div> })}
        </div>
    }
}

/// The period the server answered with, for [`PeriodFilters`] to show while the URL leaves
/// the dates to the server's default.
pub fn answered_period<T: Clone + Send + Sync + 'static>(
    figures: LocalResource<Result<T, crate::api::ApiError>>,
    period_of: fn(&T) -> (NaiveDate, NaiveDate),
) -> RwSignal<Option<(NaiveDate, NaiveDate)>> {
    let period = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Ok(f)) = figures.get() {
            period.set(Some(period_of(&f)));
        }
    });
    period
}

/// "All stores" and then every store, the chosen one selected (inside a `<select>`).
#[component]
pub fn StoreOptions(selected: Signal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let stores = LocalResource::new(crate::api::stores::list);
    view! {
        <option value="">{i18n.text(Msg::AllStores)}</option>
        {move || stores.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|s| {
            let id = s.id;
            view! { <option value=id.to_string() selected=move || selected.get() == Some(id)>{s.name}</option> }
        }).collect_view()}
    }
}

fn shortcut_label(s: Shortcut) -> Msg {
    match s {
        Shortcut::ThisMonth => Msg::PeriodThisMonth,
        Shortcut::Last30Days => Msg::PeriodLast30,
        Shortcut::Last90Days => Msg::PeriodLast90,
        Shortcut::ThisQuarter => Msg::PeriodThisQuarter,
        Shortcut::ThisYear => Msg::PeriodThisYear,
    }
}

