//! The traveller's passports, permits and visas (numbers masked), each trip abroad still to come
//! checked against them, and recording a document at the counter. A recorded document reloads
//! the profile: the checks are the server's (the rules are the agency's data).

use leptos::prelude::*;
use roundtrip_domain::trips::documents::{DocumentKind, DocumentOnFile, NewDocument, TripCheck};

use crate::components::documents::Gaps;
use crate::i18n::{agency_today, describe_error, format_date, use_i18n, Label, Msg};

#[component]
pub fn DocumentsCard(customer: i64, documents: Vec<DocumentOnFile>, checks: Vec<TripCheck>, online: Signal<bool>, on_recorded: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let today = agency_today();
    view! {
        <section class="card documents" aria-labelledby="documents-title" data-testid="documents">
            <h2 id="documents-title">{i18n.text(Msg::DocumentsTitle)}</h2>
            {(!checks.is_empty()).then(|| view! {
                <h3>{i18n.text(Msg::TripsAbroad)}</h3>
                <ul class="plain-list trip-checks" data-testid="trip-checks">
                    {checks.into_iter().map(|c| {
                        let ready = c.gaps.is_empty();
                        view! {
                            <li>
                                <span translate="no">{c.destination.clone()}</span> " · " {move || format_date(c.departs_on, i18n.locale())}
                                " " {if ready {
                                    view! { <span class="badge kept">{i18n.text(Msg::DocumentsReady)}</span> }.into_any()
                                } else {
                                    view! { <Gaps gaps=c.gaps.clone()/> }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {if documents.is_empty() {
                view! { <p class="state empty">{i18n.text(Msg::NoDocuments)}</p> }.into_any()
            } else {
                view! {
                    <table class="compact" data-testid="documents-on-file">
                        <thead><tr>
                            <th scope="col">{i18n.text(Msg::DocumentKindLabel)}</th>
                            <th scope="col">{i18n.text(Msg::DocumentNumber)}</th>
                            <th scope="col">{i18n.text(Msg::ValidUntil)}</th>
                        </tr></thead>
                        <tbody>
                            {documents.into_iter().map(|d| {
                                let (kind, expires) = (d.kind, d.expires_on);
                                view! {
                                    <tr>
                                        <td>{move || kind.label(i18n.locale())} " " <span class="muted" translate="no">{d.issuing_country.clone()}</span></td>
                                        <td translate="no">{d.number_masked.clone()}</td>
                                        <td class=(expires < today).then_some("bad")>
                                            {move || format_date(expires, i18n.locale())}
                                            {(expires < today).then(|| view! { " · " {i18n.text(Msg::Expired)} })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <Show when=move || online.get() fallback=move || view! { <p class="muted">{i18n.text(Msg::DocumentsNeedNetwork)}</p> }>
                <RecordDocument customer on_recorded/>
            </Show>
        </section>
    }
}

#[component]
fn RecordDocument(customer: i64, on_recorded: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(DocumentKind::Passport);
    let number = RwSignal::new(String::new());
    let country = RwSignal::new("CN".to_owned());
    let expires = RwSignal::new(String::new());
    let record = Action::new_local(move |doc: &NewDocument| {
        let doc = doc.clone();
        async move { crate::api::customers::record_document(customer, &doc).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = record.value().get() {
            number.set(String::new());
            on_recorded.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // the browser's date field gives an ISO date or nothing; required stops nothing
        let Ok(expires_on) = expires.get_untracked().parse() else { return };
        record.dispatch(NewDocument { kind: kind.get_untracked(), number: number.get_untracked(), issuing_country: country.get_untracked(), expires_on });
    };
    let error = move || match record.value().get() {
        Some(Err(e)) => Some(describe_error(&e, i18n.locale())),
        _ => None,
    };
    view! {
        <form class="filters document-form" on:submit=submit>
            <div class="filter">
            <label for="document-kind">{i18n.text(Msg::DocumentKindLabel)}</label>
            <select id="document-kind" on:change=move |ev| if let Some(k) = DocumentKind::parse(&event_target_value(&ev)) {
                kind.set(k);
                // a visa is issued by the country it admits to; the rest by the mainland
                country.set(if k == DocumentKind::Visa { String::new() } else { "CN".into() });
            }>
                {DocumentKind::ALL.iter().map(|k| { let k = *k; view! { <option value=k.as_str() selected=move || kind.get() == k>{move || k.label(i18n.locale())}</option> } }).collect_view()}
            </select>
            </div>
            <div class="filter">
            <label for="document-number">{i18n.text(Msg::DocumentNumber)}</label>
            <input id="document-number" required autocomplete="off" spellcheck="false" maxlength="24" class="code-input"
                prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
            </div>
            <div class="filter">
            <label for="document-country">{i18n.text(Msg::IssuingCountry)}</label>
            <input id="document-country" required autocomplete="off" maxlength="2" size="3" class="code-input" pattern="[A-Za-z]{2}"
                prop:value=move || country.get() on:input=move |ev| country.set(event_target_value(&ev))/>
            </div>
            <div class="filter">
            <label for="document-expires">{i18n.text(Msg::ValidUntil)}</label>
            <input id="document-expires" type="date" required prop:value=move || expires.get() on:input=move |ev| expires.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="button" disabled=move || record.pending().get()>
                {move || i18n.t(if record.pending().get() { Msg::Saving } else { Msg::RecordDocument })}
            </button>
        </form>
        {move || matches!(record.value().get(), Some(Ok(_))).then(|| view! { <p class="state" role="status">{i18n.text(Msg::DocumentRecordedMsg)}</p> })}
        // only while there is something to say: the profile holds other forms' alerts
        {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}
