//! CSV import of member exports: choose the file and its channel, map the columns, check a
//! preview, import in batches, and get a report with the rows that failed (downloadable).

mod report;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use roundtrip_domain::csv;
use roundtrip_domain::events::{ChannelEvent, IngestReport, MAX_BATCH};
use roundtrip_domain::import::{guess_columns, needs_store, row_event, ColumnMap};
use roundtrip_domain::Channel;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::events::ingest;
use crate::api::ApiError;
use crate::components::states::ErrorView;
use crate::i18n::{agency_time, describe_refusal, describe_rule, use_i18n, Label, Locale, Msg};
use report::{ImportReport, RowProblem};

const PREVIEW_ROWS: usize = 10;

/// A row ready to import: its number, its event, and the values it goes in without (worded).
type ReadyRow = (usize, ChannelEvent, Vec<String>);

/// Every data row as an event, or the reason it cannot be one in `locale` (row numbers count
/// the header as 1). A refused row keeps what it said, so the preview shows the bad value.
fn to_events(rows: &[Vec<String>], map: &ColumnMap, source: Channel, store: Option<i64>, locale: Locale) -> (Vec<ReadyRow>, Vec<RowProblem>) {
    let at = agency_time(Utc::now());
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for (i, row) in rows.iter().enumerate().skip(1) {
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c).cloned()).unwrap_or_default();
        match row_event(row, map, source, store, at) {
            Ok(r) => ok.push((i + 1, r.event, r.left_out.iter().map(|l| describe_rule(l, locale)).collect())),
            Err(refusal) => bad.push(RowProblem {
                row: i + 1,
                member: cell(map.customer_id),
                name: cell(map.name),
                phone: cell(map.phone),
                reason: describe_rule(&refusal, locale),
            }),
        }
    }
    (ok, bad)
}

#[component]
fn ColumnSelect(id: &'static str, label: Msg, headers: Signal<Vec<String>>, value: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="filter">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || value.get().is_none()>"—"</option>
                {move || headers.get().into_iter().enumerate().map(|(i, h)| view! {
                    <option value=i.to_string() selected=move || value.get() == Some(i)>{h}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(Vec::<Vec<String>>::new());
    let headers = Signal::derive(move || rows.with(|r| r.first().cloned().unwrap_or_default()));
    let source = RwSignal::new(Channel::Store);
    let store = RwSignal::new(None::<i64>);
    let cols = [(); 8].map(|_| RwSignal::new(None::<usize>));
    let [customer_id, name, phone, email, id_number, unionid, city, note] = cols;
    let map = move || ColumnMap {
        customer_id: customer_id.get(),
        name: name.get(),
        phone: phone.get(),
        email: email.get(),
        id_number: id_number.get(),
        wechat_unionid: unionid.get(),
        city: city.get(),
        note: note.get(),
    };
    let stores = LocalResource::new(crate::api::stores::list);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // the server's report, the refused rows, how many rows, how many values were left out
    let report = RwSignal::new(None::<(IngestReport, Vec<RowProblem>, usize, usize)>);

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        report.set(None);
        spawn_local(async move {
            if let Ok(text) = JsFuture::from(file.text()).await {
                let parsed = csv::parse(&text.as_string().unwrap_or_default());
                let guess = guess_columns(parsed.first().map(Vec::as_slice).unwrap_or(&[]));
                for (signal, guessed) in cols.iter().zip([guess.customer_id, guess.name, guess.phone, guess.email, guess.id_number, guess.wechat_unionid, guess.city, guess.note]) {
                    signal.set(guessed);
                }
                rows.set(parsed);
            }
        });
    };
    let preview = Memo::new(move |_| {
        let m = map();
        rows.with(|r| {
            let head: Vec<Vec<String>> = r.iter().take(PREVIEW_ROWS + 1).cloned().collect();
            to_events(&head, &m, source.get(), store.get(), i18n.locale())
        })
    });
    let run = move |_| {
        let (events, problems) = rows.with_untracked(|r| to_events(r, &map(), source.get_untracked(), store.get_untracked(), i18n.locale()));
        let left_here: usize = events.iter().map(|(_, _, left_out)| left_out.len()).sum();
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let mut total = IngestReport::default();
            let mut problems = problems;
            for chunk in events.chunks(MAX_BATCH) {
                let batch: Vec<ChannelEvent> = chunk.iter().map(|(_, e, _)| e.clone()).collect();
                match ingest(&batch).await {
                    Ok(r) => {
                        total.accepted += r.accepted;
                        total.duplicates += r.duplicates;
                        total.customers_created += r.customers_created;
                        total.customers_matched += r.customers_matched;
                        total.review_candidates += r.review_candidates;
                        total.warnings.extend(r.warnings);
                        for rej in r.rejected {
                            let (row, e, _) = &chunk[rej.index];
                            problems.push(RowProblem {
                                row: *row,
                                member: e.source_customer_id.clone(),
                                name: e.identity.name.clone().unwrap_or_default(),
                                phone: e.identity.phone.clone().unwrap_or_default(),
                                reason: describe_refusal(&rej.code, &rej.message, None, i18n.locale()),
                            });
                        }
                    }
                    Err(e) => {
                        error.set(Some(e));
                        break;
                    }
                }
            }
            problems.sort_by_key(|p| p.row);
            let rows_total = rows.with_untracked(|r| r.len().saturating_sub(1));
            let left_out = left_here + total.warnings.len();
            report.set(Some((total, problems, rows_total, left_out)));
            pending.set(false);
        });
    };

    view! {
        <section class="page import">
            <h1>{i18n.text(Msg::ImportTitle)}</h1>
            <p class="muted">{i18n.text(Msg::ImportIntro)}</p>
            <div class="filters">
                <div class="filter">
                    <label for="import-file">{i18n.text(Msg::ImportFile)}</label>
                    <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file/>
                </div>
                <div class="filter">
                    <label for="import-source">{i18n.text(Msg::ImportSource)}</label>
                    <select id="import-source" on:change=move |ev| source.set(Channel::parse(&event_target_value(&ev)).unwrap_or(Channel::Store))>
                        {Channel::ALL.iter().map(|c| { let c = *c; view! {
                            <option value=c.as_str() selected=move || source.get() == c>{move || c.label(i18n.locale())}</option>
                        } }).collect_view()}
                    </select>
                </div>
                <div class="filter">
                    <label for="import-store">{i18n.text(Msg::FilterStore)}</label>
                    <select id="import-store" on:change=move |ev| store.set(event_target_value(&ev).parse().ok())>
                        <option value="">"—"</option>
                        {move || stores.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|s| view! {
                            <option value=s.id.to_string()>{s.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <Show when=move || rows.with(|r| !r.is_empty())>
                <h2>{i18n.text(Msg::ImportMapping)}</h2>
                <div class="filters">
                    <ColumnSelect id="map-member" label=Msg::ImportMemberId headers value=customer_id/>
                    <ColumnSelect id="map-name" label=Msg::FieldName headers value=name/>
                    <ColumnSelect id="map-phone" label=Msg::FieldPhone headers value=phone/>
                    <ColumnSelect id="map-email" label=Msg::FieldEmail headers value=email/>
                    <ColumnSelect id="map-id" label=Msg::ImportIdNumber headers value=id_number/>
                    <ColumnSelect id="map-unionid" label=Msg::ImportUnionid headers value=unionid/>
                    <ColumnSelect id="map-city" label=Msg::CorrectCity headers value=city/>
                    <ColumnSelect id="map-note" label=Msg::Notes headers value=note/>
                </div>
                <h2>{i18n.text(Msg::ImportPreview)}</h2>
                <div class="table-wrap">
                    <table data-testid="import-preview">
                        <thead><tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{i18n.text(Msg::ImportMemberId)}</th>
                            <th scope="col">{i18n.text(Msg::FieldName)}</th>
                            <th scope="col">{i18n.text(Msg::FieldPhone)}</th>
                            <th scope="col">{i18n.text(Msg::Status)}</th>
                        </tr></thead>
                        <tbody>
                            {move || {
                                let (ok, bad) = preview.get();
                                // a row shows what its file said, even a value it goes in without
                                let said = |row: usize, column: Option<usize>| rows.with(|all| column.and_then(|c| all.get(row - 1)?.get(c).cloned()).unwrap_or_default());
                                let phone_column = phone.get();
                                let mut lines: Vec<(usize, String, String, String, Result<Vec<String>, String>)> = ok.into_iter().map(|(r, e, left_out)| {
                                    (r, e.source_customer_id, e.identity.name.unwrap_or_default(), said(r, phone_column), Ok(left_out))
                                }).collect();
                                lines.extend(bad.into_iter().map(|p| (p.row, p.member, p.name, p.phone, Err(p.reason))));
                                lines.sort_by_key(|l| l.0);
                                lines.into_iter().map(|(r, id, n, p, status)| {
                                    let (error, warning) = (status.is_err(), status.as_ref().is_ok_and(|l| !l.is_empty()));
                                    view! {
                                        <tr class:row-error=error class:row-warning=warning>
                                            <td>{r}</td><td>{id}</td><td>{n}</td><td class="mono">{p}</td>
                                            <td>{match status {
                                                Err(reason) => view! { <span>"⚠ " {reason}</span> }.into_any(),
                                                Ok(left_out) if left_out.is_empty() => view! { <span>"✓ " {i18n.text(Msg::ImportRowOk)}</span> }.into_any(),
                                                Ok(left_out) => view! { <span>"✓ " {i18n.text(Msg::ImportRowLeftOut)} " " {left_out.join(" ")}</span> }.into_any(),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <div class="actions">
                    // a store's members belong to it: the store is named before the import runs
                    {move || (needs_store(source.get()) && store.get().is_none()).then(|| view! {
                        <p class="form-error" role="alert" data-testid="import-needs-store">{i18n.text(Msg::ImportChooseStore)}</p>
                    })}
                    <button type="button" class="button primary" disabled=move || pending.get() || customer_id.get().is_none() || (needs_store(source.get()) && store.get().is_none()) on:click=run>
                        {move || i18n.t(if pending.get() { Msg::Saving } else { Msg::ImportRun })}
                    </button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || report.get().map(|(r, problems, rows, left_out)| view! { <ImportReport report=r problems rows left_out/> })}
        </section>
    }
}

fn event_target<T: JsCast>(ev: &leptos::ev::Event) -> T {
    ev.target().expect("event target").unchecked_into::<T>()
}
