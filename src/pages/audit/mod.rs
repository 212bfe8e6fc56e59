//! The audit log (admins): who revealed, merged, unmerged or changed access, and why; filtered
//! by person, action, customer and days, the filters kept in the URL.

mod detail;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::{AuditPerson, AuditQuery};

use crate::api::session::{audit_from_query, audit_query_string};
use crate::components::customer_table::Pager;
use crate::components::states::{error_fallback, Empty, Loading};
use detail::AuditDetailView;
use crate::i18n::{audit_action_label, audit_actions, audit_subject_kind, format_datetime, use_i18n, Msg};

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| audit_from_query(|k| m.get(k))));
    let navigate = use_navigate();
    // a changed filter starts again at page 1
    let go = Callback::new(move |q: AuditQuery| navigate(&format!("/audit?{}", audit_query_string(&AuditQuery { page: None, ..q })), Default::default()));
    let log = LocalResource::new(move || {
        let q = query.get();
        async move { crate::api::session::audit(&q).await }
    });
    let people = Signal::derive(move || log.get().and_then(Result::ok).map(|l| l.people).unwrap_or_default());
    view! {
        <section class="page audit-page">
            <h1>{i18n.text(Msg::AuditTitle)}</h1>
            <p class="muted">{i18n.text(Msg::AuditIntro)}</p>
            <AuditFilters query=query.into() people go/>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || log.get().map(|r| r.map(|l| if l.entries.is_empty() {
                        view! { <Empty msg=Msg::AuditNoMatch/> }.into_any()
                    } else {
                        let q = query.get_untracked();
                        view! {
                            <div class="table-scroll" tabindex="0">
                                <table data-testid="audit-table">
                                    <caption class="visually-hidden">{i18n.text(Msg::AuditTitle)}</caption>
                                    <thead><tr>
                                        <th scope="col">{i18n.text(Msg::AuditWhen)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditWho)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditAction)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditSubject)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditDetail)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.entries.into_iter().map(|e| {
                                            let at = e.at;
                                            view! {
                                                <tr>
                                                    <td>{move || format_datetime(at, i18n.locale())}</td>
                                                    <td>{e.user.unwrap_or_default()}</td>
                                                    <td>{ let a = e.action.clone(); move || audit_action_label(&a, i18n.locale()) }</td>
                                                    <td><Subject subject=e.subject/></td>
                                                    <td><AuditDetailView detail=e.detail/></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager current=l.page pages=l.pages link=move |p| format!("/audit?{}", audit_query_string(&AuditQuery { page: Some(p), ..q.clone() }))/>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Who, what, which customer and which days; each change is a new URL.
#[component]
fn AuditFilters(query: Signal<AuditQuery>, people: Signal<Vec<AuditPerson>>, go: Callback<AuditQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let set = move |f: &dyn Fn(&mut AuditQuery, String), value: String| {
        let mut q = query.get_untracked();
        f(&mut q, value);
        go.run(q);
    };
    view! {
        <div class="filters" role="group" aria-label=i18n.text(Msg::FiltersLabel)>
            <div class="filter">
                <label for="audit-who">{i18n.text(Msg::AuditWho)}</label>
                <select id="audit-who" on:change=move |ev| set(&|q, v| q.user_id = v.parse().ok(), event_target_value(&ev))>
                    <option value="">{i18n.text(Msg::Everyone)}</option>
                    {move || people.get().into_iter().map(|p| {
                        let id = p.id;
                        view! { <option value=id.to_string() selected=move || query.get().user_id == Some(id) translate="no">{p.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="audit-action">{i18n.text(Msg::AuditAction)}</label>
                <select id="audit-action" on:change=move |ev| set(&|q, v| q.action = Some(v).filter(|a| !a.is_empty()), event_target_value(&ev))>
                    <option value="">{i18n.text(Msg::AnyAction)}</option>
                    {audit_actions().map(|code| view! {
                        <option value=code selected=move || query.get().action.as_deref() == Some(code)>{move || audit_action_label(code, i18n.locale())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="audit-customer">{i18n.text(Msg::AuditCustomerNumber)}</label>
                <input id="audit-customer" type="number" inputmode="numeric" min="1"
                    prop:value=move || query.get().customer_id.map(|c| c.to_string()).unwrap_or_default()
                    on:change=move |ev| set(&|q, v| q.customer_id = v.trim().parse().ok(), event_target_value(&ev))/>
            </div>
            <div class="filter">
                <label for="audit-from">{i18n.text(Msg::PeriodFrom)}</label>
                <input id="audit-from" type="date" prop:value=move || query.get().from.map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |ev| set(&|q, v| q.from = v.parse().ok(), event_target_value(&ev))/>
            </div>
            <div class="filter">
                <label for="audit-to">{i18n.text(Msg::PeriodTo)}</label>
                <input id="audit-to" type="date" prop:value=move || query.get().to.map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |ev| set(&|q, v| q.to = v.parse().ok(), event_target_value(&ev))/>
            </div>
            <div class="filter filter-action">
                <button type="button" class="button ghost" on:click=move |_| go.run(AuditQuery::default())>{i18n.text(Msg::ClearSearch)}</button>
            </div>
        </div>
    }
}

/// What an entry concerns: a customer links to their profile; other kinds are named.
#[component]
fn Subject(subject: String) -> impl IntoView {
    let i18n = use_i18n();
    match subject.split_once(':').map(|(kind, id)| (kind, id.parse::<i64>().ok())) {
        Some(("customer", Some(id))) => view! {
            <a class="row-link" href=format!("/customers/{id}")>{move || audit_subject_kind("customer", i18n.locale())} " #" {id}</a>
        }.into_any(),
        Some((kind, Some(id))) => {
            let kind = kind.to_string();
            view! { <span>{move || audit_subject_kind(&kind, i18n.locale())} " #" {id}</span> }.into_any()
        }
        _ => view! { <span>{move || audit_subject_kind(&subject, i18n.locale())}</span> }.into_any(),
    }
}
